import ConnectorKit

/// Braze's documented default rate limits and the bucket each endpoint counts against.
///
/// Source: Braze docs `_docs/_api/api_limits.md` (see `vendor-reference/braze.md` §10). Limits are per workspace and
/// can be raised by contract; these are the defaults.
enum BrazeRateLimits {
    /// `/users/track`: 3,000 requests per 3 s.
    static let usersTrack = "users.track"
    /// `/users/export/ids`: 250 per minute (workspaces onboarded on or after 2024-08-22).
    static let usersExportIDs = "users.export.ids"
    /// `/subscription/status/set` and `/v2/subscription/status/set`: 5,000 per minute.
    static let subscriptionSet = "subscription.status.set"
    /// Everything else (email lists, `/email/status`, subscription reads): 250,000 per hour, shared.
    static let shared = "shared"

    /// The limits handed to the `VendorHTTPClient`; every Braze request names one of them as its bucket.
    static let all: [RateLimit] = [
        RateLimit(name: usersTrack, limit: 3_000, per: .seconds(3), appliesTo: .namedRequests),
        RateLimit(name: usersExportIDs, limit: 250, per: .seconds(60), appliesTo: .namedRequests),
        RateLimit(name: subscriptionSet, limit: 5_000, per: .seconds(60), appliesTo: .namedRequests),
        RateLimit(name: shared, limit: 250_000, per: .seconds(3_600), appliesTo: .namedRequests),
    ]

    /// Reads `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (UTC epoch **seconds**) and, on the
    /// newer API families, `X-RateLimit-Retry-After` (seconds). Names are matched case-insensitively: Braze sends
    /// them lower-case over HTTP/2. The hints apply to the request's own bucket.
    static let headerReader = RateLimitHeaderReader { headers, _ in
        let limit = headers["X-RateLimit-Limit"].flatMap { Int($0.trimmed) }
        let remaining = headers["X-RateLimit-Remaining"].flatMap { Int($0.trimmed) }
        let reset = headers["X-RateLimit-Reset"].flatMap { epochSecondsToMs($0) }
        let retryAfter = headers["X-RateLimit-Retry-After"].flatMap { Double($0.trimmed) }.map {
            Int64(($0 * 1000).rounded(.up))
        }
        guard limit != nil || remaining != nil || reset != nil || retryAfter != nil else { return [] }
        return [RateLimitHints(limit: limit, remaining: remaining, resetAtMs: reset, retryAfterMs: retryAfter)]
    }

    /// `"1733000000"` or `"1733000000.5"` (epoch seconds) → epoch ms.
    static func epochSecondsToMs(_ text: String) -> Int64? {
        guard let seconds = Double(text.trimmed), seconds.isFinite, seconds >= 0 else { return nil }
        return Int64((seconds * 1000).rounded(.up))
    }
}

extension String {
    /// The string without surrounding white space.
    var trimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
