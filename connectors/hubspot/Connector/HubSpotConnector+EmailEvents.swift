import ConnectorKit
import Foundation
import SyncCore

/// The `email_events` stream's cursor: the end of the last finished window and the window being paged.
struct EmailEventsCursor: Codable, Sendable, Equatable {
    static let version = 1
    /// End of the last fully read window (UTC ms); never moves backwards.
    var watermarkMs: Int64?
    /// The window in progress: start and end (UTC ms) and HubSpot's `offset` for its next page.
    var windowStartMs: Int64?
    var windowEndMs: Int64?
    var offset: String?
}

extension HubSpotConnector {
    /// One page of `email_events`: `GET /email/public/v1/events?startTimestamp&endTimestamp&limit=1000&offset`,
    /// windows from the watermark − lookback to the pull time (overlapping; the engine stores each event once by
    /// its key). Source: hubspot.md §8 (legacy email-analytics v1: `{hasMore, offset, events[]}`, times epoch ms).
    func pullEmailEvents(after token: CursorToken?, now: UTCMillis) async throws -> Page {
        var cursor =
            try decodeCursor(token, EmailEventsCursor.self, version: EmailEventsCursor.version) ?? EmailEventsCursor()
        if cursor.windowStartMs == nil {
            cursor.windowStartMs =
                cursor.watermarkMs.map { max(0, $0 - configuration.lookbackMs) }
                ?? max(0, now - Int64(configuration.firstEventsWindowDays) * 86_400_000)
            cursor.windowEndMs = max(now, cursor.windowStartMs ?? now)
            cursor.offset = nil
        }
        let start = cursor.windowStartMs ?? 0
        let end = cursor.windowEndMs ?? now
        var query = [
            URLQueryItem(name: "startTimestamp", value: String(start)),
            URLQueryItem(name: "endTimestamp", value: String(end)),
            URLQueryItem(name: "limit", value: "1000"),
        ]
        if let offset = cursor.offset { query.append(URLQueryItem(name: "offset", value: offset)) }
        let response = try await client.send(
            VendorRequest(.get, "/email/public/v1/events", query: query, operation: "email.events"))
        guard let object = HubSpotJSON.object(response.body), let events = object["events"] as? [Any] else {
            throw ConnectorError(
                .malformedResponse, "events response without events", vendor: "hubspot",
                operation: "email.events", httpStatus: response.status)
        }
        let mapper = EmailEventMapper(vendor: vendor)
        let items = events.map { event -> PulledItem in
            guard let event = event as? [String: Any] else {
                return .rejected(
                    RejectedRecord(
                        vendor: vendor, stream: Stream.emailEvents, recordKey: nil,
                        reason: "event: not a JSON object", raw: HubSpotJSON.text([event])))
            }
            return mapper.map(event, stream: Stream.emailEvents)
        }
        let hasMore = HubSpotJSON.bool(object["hasMore"]) ?? false
        let offset = HubSpotJSON.string(object["offset"])
        if hasMore, let offset {
            cursor.offset = offset
        } else {
            cursor.watermarkMs = max(cursor.watermarkMs ?? end, end)
            cursor.windowStartMs = nil
            cursor.windowEndMs = nil
            cursor.offset = nil
        }
        return Page(
            items: items, cursor: try encodeCursor(cursor, version: EmailEventsCursor.version),
            hasMore: hasMore && offset != nil)
    }
}
