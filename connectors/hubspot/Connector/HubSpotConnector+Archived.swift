import ConnectorKit
import Foundation
import SyncCore

/// The `archived` stream's cursor: the sweep in progress and the start of the last finished one.
struct ArchivedCursor: Codable, Sendable, Equatable {
    static let version = 1
    /// The listing offset of the sweep in progress (`nil` between sweeps).
    var after: String?
    /// When the sweep in progress started (UTC ms).
    var sweepStartedAtMs: Int64?
    /// When the last finished sweep started (UTC ms): later sweeps emit only records archived since then − lookback.
    var watermarkMs: Int64?
}

extension HubSpotConnector {
    /// One page of the `archived` stream: `GET /crm/v3/objects/contacts?archived=true&limit=100&after=…`, which
    /// lists only archived contacts; each becomes a change with `deleted = true`. Search never shows archived
    /// records, and the listing is not ordered by archive time, so every pass sweeps the whole listing but emits
    /// only records whose `archivedAt` is at or after the previous sweep's start − lookback (all on the first
    /// sweep, and any record without a readable `archivedAt`). Re-emitting a deletion is idempotent.
    /// Source: `crm-contacts-v3.openapi.json` `GET /crm/v3/objects/contacts`; hubspot.md §4 and §6.
    func pullArchived(after token: CursorToken?, now: UTCMillis) async throws -> Page {
        var cursor = try decodeCursor(token, ArchivedCursor.self, version: ArchivedCursor.version) ?? ArchivedCursor()
        if cursor.after == nil || cursor.sweepStartedAtMs == nil { cursor.sweepStartedAtMs = now }
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
        let since = cursor.watermarkMs.map { $0 - configuration.lookbackMs }
        let recent = results.filter { result in
            guard let since, let object = result as? [String: Any],
                let text = HubSpotJSON.string(object["archivedAt"]),
                let archivedAt = try? HubSpotJSON.millis(text, field: "archivedAt")
            else { return true }
            return archivedAt >= since
        }
        let items = mapContacts(recent, stream: Stream.archived).items.map { item -> PulledItem in
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
        cursor.after = next
        if next == nil {
            cursor.watermarkMs = max(cursor.watermarkMs ?? Int64.min, cursor.sweepStartedAtMs ?? now)
            cursor.sweepStartedAtMs = nil
        }
        return Page(
            items: items, cursor: try encodeCursor(cursor, version: ArchivedCursor.version), hasMore: next != nil)
    }
}
