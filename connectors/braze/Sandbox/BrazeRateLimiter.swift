import Hummingbird
import SandboxKit

/// Fixed-window counters per Braze limit bucket; produces the lower-case `x-ratelimit-*` headers (reset in epoch
/// seconds) and the 429.
final class BrazeRateLimiter: Sendable {
    private let counters: LockedBox<[String: FixedWindowCounter]>

    init(limits: BrazeRateLimits) {
        counters = LockedBox([
            "track": FixedWindowCounter(limit: limits.track, windowMs: limits.trackWindowMs),
            "export": FixedWindowCounter(limit: limits.exportIds, windowMs: 60_000),
            "subscription": FixedWindowCounter(limit: limits.subscriptionSet, windowMs: 60_000),
            "shared": FixedWindowCounter(limit: limits.shared, windowMs: 3_600_000),
        ])
    }

    static func bucket(for path: String) -> String {
        switch path {
        case "/users/track": "track"
        case "/users/export/ids": "export"
        case "/subscription/status/set", "/v2/subscription/status/set": "subscription"
        default: "shared"
        }
    }

    /// Counts one request on `path`'s bucket; returns headers and whether it may proceed.
    func admit(path: String, nowMs: Int64) -> (headers: HTTPFields, allowed: Bool) {
        let decision = counters.withLock { counters -> RateLimitDecision in
            let key = Self.bucket(for: path)
            var counter = counters[key] ?? FixedWindowCounter(limit: 250_000, windowMs: 3_600_000)
            let decision = counter.consume(nowMs: nowMs)
            counters[key] = counter
            return decision
        }
        var headers = HTTPFields()
        headers.setSandboxField("x-ratelimit-limit", String(decision.limit))
        headers.setSandboxField("x-ratelimit-remaining", String(decision.remaining))
        headers.setSandboxField("x-ratelimit-reset", String((decision.resetAtMs + 999) / 1000))
        return (headers, decision.allowed)
    }

    static func tooManyRequests(headers: HTTPFields = [:]) -> Response {
        Response.json(
            ["message": "API rate limit exceeded. Retry after the time in x-ratelimit-reset."],
            status: .tooManyRequests, headers: headers)
    }
}
