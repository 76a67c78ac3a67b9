import ConnectorKit
import Foundation
import SyncCore

/// The `archived` stream's cursor: the listing offset of the sweep in progress (`nil` between sweeps).
struct ArchivedCursor: Codable, Sendable, Equatable {
    static let version = 1
    var after: String?
}

extension HubSpotConnector {
    /// One page of the `archived` stream: `GET /crm/v3/objects/contacts?archived=true&limit=100&after=…`, which
    /// lists only archived contacts; each becomes a change with `deleted = true`. Search never shows archived
    /// records, so every pass sweeps the whole listing (re-emitting a deletion is idempotent).
    /// Source: `crm-contacts-v3.openapi.json` `GET /crm/v3/objects/contacts`; hubspot.md §4 and §6.
    func pullArchived(after token: CursorToken?) async throws -> Page {
        let cursor = try decodeCursor(token, ArchivedCursor.self, version: ArchivedCursor.version) ?? ArchivedCursor()
        var query = [
            URLQueryItem(name: "archived", value: "true"), URLQueryItem(name: "limit", value: "100"),
            URLQueryItem(name: "properties", value: "email,hs_merged_object_ids,lastmodifieddate"),
        ]
        if let after = cursor.after { query.append(URLQueryItem(name: "after", value: after)) }
        let response = try await client.send(
            VendorRequest(.get, "/crm/v3/objects/contacts", query: query, operation: "contacts.archived"))
        guard let object = HubSpotJSON.object(response.body), let results = object["results"] as? [Any] else {
            throw ConnectorError(
                .malformedResponse, "listing response without results", vendor: "hubspot",
                operation: "contacts.archived", httpStatus: response.status)
        }
        let page = mapContacts(results, stream: Stream.archived)
        let items = page.items.map { item -> PulledItem in
            switch item {
            case .contact(var contact):
                contact.change.deleted = true
                contact.change.attributes = [:]
                return .change(contact.change)
            case .rejected(let record):
                return .rejected(record)
            }
        }
        let next = ((object["paging"] as? [String: Any])?["next"] as? [String: Any]).flatMap {
            HubSpotJSON.string($0["after"])
        }
        let cursorAfter = ArchivedCursor(after: next)
        return Page(
            items: items, cursor: try encodeCursor(cursorAfter, version: ArchivedCursor.version), hasMore: next != nil)
    }
}
