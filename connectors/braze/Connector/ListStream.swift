import ConnectorKit
import Foundation
import SyncCore

/// Pulls a date-windowed Braze list page by page: `GET <path>?start_date&end_date&limit&offset[&sort_direction=asc]`.
///
/// A window runs from `windowStart` to at most `windowDays` later and never past tomorrow (dates are midnight UTC,
/// so `end_date = tomorrow` includes today). Rows are paged by `offset` until a page shorter than `limit`; only
/// then does the window start move: to the end of a past window (the pass goes on), or, for the window reaching
/// today, to `lookbackDays` before today (the pass ends). A window is therefore never half-read.
struct ListStream: Sendable {
    let spec: ListStreamSpec
    let configuration: BrazeConnector.Configuration
    let client: VendorHTTPClient
    let vendor: VendorName

    /// The page after `cursor`.
    /// - Throws: `ConnectorError` from the HTTP client; `.malformedResponse` when the body is not the documented
    ///   `{"emails": [...], "message": "success"}`; `.configuration` for a bad `listStartDate`.
    func pull(after token: CursorToken?, now: UTCMillis) async throws -> Page {
        let today = UTCDay(containing: now)
        let tomorrow = today.adding(days: 1)
        let cursor = try token?.decode(ListCursor.self, expectedVersion: ListCursor.version) ?? firstCursor(now: now)
        guard let stored = UTCDay(cursor.windowStart) else {
            throw ConnectorError(.configuration, "\(spec.name): cursor window start is not a YYYY-MM-DD date")
        }
        let start = min(stored, today)
        let end = min(start.adding(days: max(1, configuration.listWindowDays)), tomorrow)
        let limit = min(500, max(1, configuration.listPageSize))
        let offset = start == stored ? cursor.offset : 0
        var query = [
            URLQueryItem(name: "start_date", value: start.text), URLQueryItem(name: "end_date", value: end.text),
            URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "offset", value: String(offset)),
        ]
        if spec.sortsAscending { query.append(URLQueryItem(name: "sort_direction", value: "asc")) }
        let request = VendorRequest(
            .get, spec.path, query: query, rateLimitBucket: BrazeRateLimits.shared, operation: spec.operation
        )
        var rows = try BrazeBody.list(try await client.send(request), key: spec.listKey, operation: spec.operation)
        if case .invalidPhone = spec.effect { rows = try await resolvePhones(rows) }
        let items = rows.map { spec.map($0, vendor: vendor) }
        let next: ListCursor
        let hasMore: Bool
        if rows.count >= limit {
            next = ListCursor(windowStart: start.text, offset: offset + rows.count)
            hasMore = true
        } else if end < tomorrow {
            next = ListCursor(windowStart: end.text, offset: 0)
            hasMore = true
        } else {
            next = ListCursor(
                windowStart: max(start, today.adding(days: -max(0, configuration.listLookbackDays))).text, offset: 0)
            hasMore = false
        }
        return Page(items: items, cursor: try CursorToken(version: ListCursor.version, value: next), hasMore: hasMore)
    }

    /// Attaches to each invalid-phone row the `external_id` of the oldest identified profile holding the number
    /// (tried as listed, then with a leading `+`: the list prints numbers without it).
    private func resolvePhones(_ rows: [BrazeJSON]) async throws -> [BrazeJSON] {
        let lookup = EmailLookup(client: client)
        var resolved: [BrazeJSON] = []
        for row in rows {
            guard case .object(var members) = row, let phone = row["phone"]?.scalarText?.trimmed, !phone.isEmpty else {
                resolved.append(row)
                continue
            }
            var key = try await lookup.externalID(phone: phone)
            if key == nil, !phone.hasPrefix("+") { key = try await lookup.externalID(phone: "+" + phone) }
            if let key { members["external_id"] = .string(key) }
            resolved.append(.object(members))
        }
        return resolved
    }

    private func firstCursor(now: UTCMillis) throws -> ListCursor {
        if let configured = configuration.listStartDate {
            guard UTCDay(configured) != nil else {
                throw ConnectorError(.configuration, "listStartDate must be YYYY-MM-DD")
            }
            return ListCursor(windowStart: configured, offset: 0)
        }
        return ListCursor(windowStart: UTCDay(containing: now).adding(days: -30).text, offset: 0)
    }
}
