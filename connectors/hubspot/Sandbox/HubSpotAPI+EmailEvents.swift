import Hummingbird
import SandboxKit

/// `GET /email/public/v1/events` (legacy Email Events API, still the only version).
///
/// Source: hubspot.md §8 (email-analytics v1 guide): `startTimestamp` / `endTimestamp` epoch ms (inclusive),
/// `eventType`, `recipient`, `offset`, `limit` (≤1000, default 100 here); response `{hasMore, offset, events}`.
/// Events come back oldest first; `offset` is an opaque string (here: the position of the next event).
extension HubSpotAPI {
    func registerEmailEvents(on router: Router<BasicRequestContext>) {
        router.get("/email/public/v1/events") { request, _ in try emailEvents(request) }
    }

    private func emailEvents(_ request: Request) throws -> Response {
        let limitText = request.query("limit") ?? "100"
        guard let limit = Int(limitText), limit >= 1, limit <= 1000 else {
            throw HubSpotErrors.validation("limit must be between 1 and 1000")
        }
        let offsetText = request.query("offset") ?? "0"
        guard let offset = Int(offsetText), offset >= 0 else {
            throw HubSpotErrors.validation("Invalid offset: \(offsetText)")
        }
        let start = try request.query("startTimestamp").map { text -> Int64 in
            guard let value = Int64(text) else {
                throw HubSpotErrors.validation("startTimestamp must be epoch milliseconds")
            }
            return value
        }
        let end = try request.query("endTimestamp").map { text -> Int64 in
            guard let value = Int64(text) else {
                throw HubSpotErrors.validation("endTimestamp must be epoch milliseconds")
            }
            return value
        }
        let type = request.query("eventType")
        let recipient = request.query("recipient")?.lowercased()
        let matching = state.data.withLock { data in
            data.emailEvents.filter { event in
                let created = event["created"]?.intValue ?? 0
                if let start, created < start { return false }
                if let end, created > end { return false }
                if let type, event["type"]?.stringValue != type { return false }
                if let recipient, event["recipient"]?.stringValue?.lowercased() != recipient { return false }
                return true
            }
        }
        let from = min(offset, matching.count)
        let to = min(from + limit, matching.count)
        let body: JSONValue = [
            "hasMore": .bool(to < matching.count), "offset": .string(String(to)),
            "events": .array(Array(matching[from..<to])),
        ]
        return Response.json(body)
    }
}
