import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// One page of the first-run listing: `GET /crm/v3/objects/contacts?limit=…&properties=…&after=…` (live
    /// contacts in ascending id order, at most 100 per page). The watermark stays unset until the listing ends;
    /// then it becomes the listing's start time and the stream continues with search passes.
    /// Source: `crm-contacts-v3.openapi.json` `GET /crm/v3/objects/contacts`; hubspot.md §4.
    func listContacts(_ cursor: ContactsCursor, listing: ContactsListing) async throws -> Page {
        var query = [
            URLQueryItem(name: "limit", value: String(min(configuration.pageSize, 100))),
            URLQueryItem(
                name: "properties", value: HubSpotFieldMapping.requestedProperties(configuration).joined(separator: ",")
            ),
        ]
        if let after = listing.after { query.append(URLQueryItem(name: "after", value: after)) }
        let response = try await client.send(
            VendorRequest(.get, "/crm/v3/objects/contacts", query: query, operation: "contacts.list"))
        guard let object = HubSpotJSON.object(response.body), let results = object["results"] as? [Any] else {
            throw ConnectorError(
                .malformedResponse, "listing response without results", vendor: "hubspot",
                operation: "contacts.list", httpStatus: response.status)
        }
        let items = try await withConsent(mapContacts(results, stream: Stream.contacts).items)
        let nextAfter = ((object["paging"] as? [String: Any])?["next"] as? [String: Any]).flatMap {
            HubSpotJSON.string($0["after"])
        }
        var next = cursor
        if let nextAfter {
            next.listing = ContactsListing(startedAtMs: listing.startedAtMs, after: nextAfter)
        } else {
            next.listing = nil
            next.advance(ms: listing.startedAtMs, id: -1)
        }
        return Page(
            items: items, cursor: try encodeCursor(next, version: ContactsCursor.version), hasMore: nextAfter != nil)
    }
}
