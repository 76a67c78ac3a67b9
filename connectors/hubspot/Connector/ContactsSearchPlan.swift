import Foundation

/// The pure part of the `contacts` stream: which search to send for a cursor, and the cursor after a page.
///
/// Source: `crm-contacts-v3.openapi.json` `POST /crm/v3/objects/contacts/search`; hubspot.md §5 (one sort rule,
/// page size ≤ 200, 10,000 results per query at most, `paging.next.after` as an offset string).
enum ContactsSearchPlan {
    /// HubSpot's cap on `after + limit` for one search query.
    static let resultCap = 10_000

    /// The query a pull with `cursor` pages: the one in progress, else a new pass from
    /// `min(watermark, previous pass start − lookback)`, never earlier than `watermark − lookback` (the bound when the
    /// pass start is unknown or VendorSync's clock is behind HubSpot's).
    ///
    /// Records modified up to the previous pass's start minus the index lag were all searchable during that pass and
    /// were read, so only the window after `passStart − lookback` can hold records the index showed late; the
    /// previous pass's own later writes (echoes) are not re-read on every pass. Assumes HubSpot's clock is not behind
    /// VendorSync's by more than `lookback` minus the index lag (seconds in practice).
    static func query(for cursor: ContactsCursor, lookbackMs: Int64) -> ContactsQuery {
        if let query = cursor.query { return query }
        let from = cursor.watermarkMs.map { watermark in
            max(0, watermark - lookbackMs, min(watermark, (cursor.passStartedAtMs ?? watermark) - lookbackMs))
        } ?? 0
        return ContactsQuery(kind: .lookback, fromMs: from, afterId: nil, after: nil)
    }

    /// The search body of `query`: filter on `lastmodifieddate` (plus the `hs_object_id` tie-break for a restart),
    /// sorted ascending by `lastmodifieddate`, only `properties`, `limit` results.
    static func body(_ query: ContactsQuery, properties: [String], limit: Int) -> SearchBody {
        let from = String(query.fromMs)
        let groups: [SearchBody.FilterGroup]
        switch query.kind {
        case .lookback:
            groups = [.init(filters: [.init(propertyName: "lastmodifieddate", operator: "GTE", value: from)])]
        case .restart:
            groups = [
                .init(filters: [
                    .init(propertyName: "lastmodifieddate", operator: "EQ", value: from),
                    .init(propertyName: "hs_object_id", operator: "GT", value: String(query.afterId ?? -1)),
                ]),
                .init(filters: [.init(propertyName: "lastmodifieddate", operator: "GT", value: from)]),
            ]
        }
        return SearchBody(
            filterGroups: groups, sorts: [.init(propertyName: "lastmodifieddate", direction: "ASCENDING")],
            properties: properties, limit: limit, after: query.after
        )
    }

    /// The cursor after a page of `query`.
    ///
    /// - Parameters:
    ///   - seen: (`lastmodifieddate` ms, `hs_object_id`) of every record of the page whose time could be read.
    ///   - nextAfter: the response's `paging.next.after`, `nil` on the last page.
    /// - Returns: the new cursor and whether the pass has more pages. Past the 10,000-result cap the query restarts
    ///   from the watermark with the id tie-break; a query without a next page ends the pass.
    static func advance(
        _ cursor: ContactsCursor, query: ContactsQuery, seen: [(ms: Int64, id: Int64)], nextAfter: String?, limit: Int
    ) -> (cursor: ContactsCursor, hasMore: Bool) {
        var next = cursor
        for record in seen { next.advance(ms: record.ms, id: record.id) }
        guard let nextAfter else {
            next.query = nil
            return (next, false)
        }
        let offset = Int(nextAfter) ?? resultCap
        if offset + limit > resultCap {
            let from = next.watermarkMs ?? query.fromMs
            next.query = ContactsQuery(kind: .restart, fromMs: from, afterId: next.watermarkId ?? -1, after: nil)
            return (next, true)
        }
        var continued = query
        continued.after = nextAfter
        next.query = continued
        return (next, true)
    }
}

/// The JSON body of a CRM search request.
struct SearchBody: Codable, Sendable, Equatable {
    struct Filter: Codable, Sendable, Equatable {
        var propertyName: String
        var `operator`: String
        var value: String
    }

    struct FilterGroup: Codable, Sendable, Equatable {
        var filters: [Filter]
    }

    struct Sort: Codable, Sendable, Equatable {
        var propertyName: String
        var direction: String
    }

    var filterGroups: [FilterGroup]
    var sorts: [Sort]
    var properties: [String]
    var limit: Int
    var after: String?
}
