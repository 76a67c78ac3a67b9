import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// One page of the `contacts` stream: a CRM search on `lastmodifieddate`, mapped, with the email consent of the
    /// page's contacts.
    ///
    /// Source: `crm-contacts-v3.openapi.json` `POST /crm/v3/objects/contacts/search`; hubspot.md §5.
    func pullContacts(after token: CursorToken?, now: UTCMillis) async throws -> Page {
        var cursor = try decodeCursor(token, ContactsCursor.self, version: ContactsCursor.version) ?? ContactsCursor()
        if cursor.isFresh, configuration.initialListing {
            cursor.listing = ContactsListing(startedAtMs: now, after: nil)
        }
        if let listing = cursor.listing { return try await listContacts(cursor, listing: listing) }
        let query = ContactsSearchPlan.query(for: cursor, lookbackMs: configuration.lookbackMs)
        if cursor.query == nil { cursor.passStartedAtMs = now }
        let body = ContactsSearchPlan.body(
            query, properties: HubSpotFieldMapping.requestedProperties(configuration), limit: configuration.pageSize
        )
        let request = try jsonRequest(
            .post, "/crm/v3/objects/contacts/search", body: body, bucket: HubSpotRateLimits.search,
            operation: "contacts.search"
        )
        let response = try await client.send(request)
        guard let object = HubSpotJSON.object(response.body), let results = object["results"] as? [Any] else {
            throw ConnectorError(
                .malformedResponse, "search response without results", vendor: "hubspot",
                operation: "contacts.search", httpStatus: response.status)
        }
        let mapped = mapContacts(results, stream: Stream.contacts)
        if Self.tiesOutOfIdOrder(mapped.positions) {
            logger.warning(
                "search ties out of hs_object_id order; a 10k restart may re-read or skip",
                metadata: ["stream": "\(Stream.contacts)"])
        }
        let items = try await withConsent(mapped.items)
        let nextAfter = ((object["paging"] as? [String: Any])?["next"] as? [String: Any]).flatMap {
            HubSpotJSON.string($0["after"])
        }
        let (next, hasMore) = ContactsSearchPlan.advance(
            cursor, query: query, seen: mapped.positions, nextAfter: nextAfter, limit: configuration.pageSize
        )
        return Page(items: items, cursor: try encodeCursor(next, version: ContactsCursor.version), hasMore: hasMore)
    }

    /// Whether two consecutive records share a time but come in descending id order (the restart's tie-break
    /// assumes ascending ids within a time; see README).
    static func tiesOutOfIdOrder(_ positions: [(ms: Int64, id: Int64)]) -> Bool {
        zip(positions, positions.dropFirst()).contains { $0.ms == $1.ms && $0.id > $1.id }
    }

    /// A page's records mapped in order, and the (time, id) of every record whose position could be read.
    struct MappedPage {
        var items: [MappedItem] = []
        var positions: [(ms: Int64, id: Int64)] = []
    }

    /// A mapped contact, or a rejection.
    enum MappedItem {
        case contact(ContactMapper.Mapped)
        case rejected(RejectedRecord)
    }

    func mapContacts(_ results: [Any], stream: String) -> MappedPage {
        var page = MappedPage()
        for result in results {
            guard let object = result as? [String: Any] else {
                let raw = HubSpotJSON.text([result])
                page.items.append(
                    .rejected(
                        RejectedRecord(
                            vendor: vendor, stream: stream, recordKey: nil, reason: "record: not a JSON object",
                            raw: raw
                        )))
                continue
            }
            switch mapper.map(object, raw: HubSpotJSON.text(parsed: object), stream: stream) {
            case .success(let contact):
                page.positions.append((contact.modifiedMs, contact.id))
                page.items.append(.contact(contact))
            case .failure(let rejected):
                if let position = Self.position(object) { page.positions.append(position) }
                logger.notice("contact rejected", metadata: ["stream": "\(stream)", "reason": "\(rejected.reason)"])
                page.items.append(.rejected(rejected))
            }
        }
        return page
    }

    /// The (lastmodifieddate, id) of a record that was rejected for another reason, when both can be read.
    private static func position(_ object: [String: Any]) -> (ms: Int64, id: Int64)? {
        let properties = object["properties"] as? [String: Any] ?? [:]
        guard
            let id = (HubSpotJSON.string(object["id"]) ?? HubSpotJSON.string(properties["hs_object_id"])).flatMap({
                Int64($0)
            }),
            let text = HubSpotJSON.string(properties["lastmodifieddate"]),
            let ms = try? HubSpotJSON.millis(text, field: "lastmodifieddate")
        else { return nil }
        return (ms, id)
    }

    /// A JSON request.
    func jsonRequest<Body: Encodable>(
        _ method: VendorRequest.Method, _ path: String, body: Body, query: [URLQueryItem] = [], bucket: String? = nil,
        operation: String, idempotencyKey: String? = nil
    ) throws -> VendorRequest {
        do {
            var request = try VendorRequest.json(
                method, path, body: body, encoder: JSONEncoder.sorted, rateLimitBucket: bucket,
                idempotencyKey: idempotencyKey, operation: operation
            )
            request.queryItems = query
            return request
        } catch {
            throw ConnectorError(
                .configuration, "request body cannot be encoded", vendor: "hubspot", operation: operation,
                underlying: error)
        }
    }
}
