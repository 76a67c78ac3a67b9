import Foundation
import Hummingbird
import SandboxKit

/// Applies `HubSpotRateLimits` per request and produces HubSpot's headers and 429 bodies.
final class HubSpotRateLimiter: Sendable {
    private struct Buckets {
        var burst: TokenBucket
        var daily: FixedWindowCounter
        var search: TokenBucket
    }

    let limits: HubSpotRateLimits
    private let buckets: LockedBox<Buckets>

    init(limits: HubSpotRateLimits) {
        self.limits = limits
        buckets = LockedBox(
            Buckets(
                burst: TokenBucket(capacity: limits.burst, intervalMs: limits.burstIntervalMs),
                daily: FixedWindowCounter(limit: limits.daily, windowMs: 86_400_000),
                search: TokenBucket(capacity: limits.searchPerSecond, intervalMs: 1000)))
    }

    /// Counts one request; returns the headers to send and, when refused, the policy that refused it.
    func admit(isSearch: Bool, isOAuth: Bool, nowMs: Int64) -> (headers: HTTPFields, refusedBy: String?) {
        buckets.withLock { buckets in
            var headers = HTTPFields()
            let daily = buckets.daily.consume(nowMs: nowMs)
            if !isOAuth {
                headers.setSandboxField("X-HubSpot-RateLimit-Daily", String(daily.limit))
                headers.setSandboxField("X-HubSpot-RateLimit-Daily-Remaining", String(daily.remaining))
            }
            if !daily.allowed { return (headers, "DAILY") }
            if isSearch {
                let secondly = buckets.search.consume(nowMs: nowMs)
                return (headers, secondly.allowed ? nil : "SECONDLY")
            }
            let burst = buckets.burst.consume(nowMs: nowMs)
            headers.setSandboxField("X-HubSpot-RateLimit-Interval-Milliseconds", String(limits.burstIntervalMs))
            headers.setSandboxField("X-HubSpot-RateLimit-Max", String(burst.limit))
            headers.setSandboxField("X-HubSpot-RateLimit-Remaining", String(burst.remaining))
            return (headers, burst.allowed ? nil : "TEN_SECONDLY_ROLLING")
        }
    }

    /// HubSpot's 429 body for `policyName`.
    static func tooManyRequests(policyName: String, headers: HTTPFields = [:]) -> Response {
        let message =
            switch policyName {
            case "DAILY": "You have reached your daily limit."
            case "SECONDLY": "You have reached your secondly limit."
            default: "You have reached your ten_secondly_rolling limit."
            }
        let body: JSONValue = [
            "status": "error", "message": .string(message), "errorType": "RATE_LIMIT",
            "correlationId": .string(HubSpotErrors.correlationId()), "policyName": .string(policyName),
            "requestId": .string(UUID().uuidString.lowercased()),
        ]
        return Response.json(body, status: .tooManyRequests, headers: headers)
    }
}
