import ConnectorKit
import Foundation

/// HubSpot's documented request limits and rate-limit headers, as declared to the shared `VendorHTTPClient`.
///
/// Source: hubspot.md §10 (usage guidelines: Enterprise 190 requests / 10 s per app, 1,000,000 / day per account,
/// daily counter reset at the portal's midnight) and §5 (search: 5 requests / s per account).
enum HubSpotRateLimits {
    static let burst = "burst"
    static let daily = "daily"
    static let search = "search"

    /// Burst requests kept for priority requests (fetches a webhook asked for): 5 % of the limit (9 of 190), none
    /// below 20.
    static func burstReserve(_ limit: Int) -> Int { limit >= 20 ? limit / 20 : 0 }

    /// The limits: burst and daily apply to every request, `search` only to requests naming it.
    static func limits(_ configuration: HubSpotConnector.Configuration) -> [RateLimit] {
        [
            RateLimit(name: burst, limit: configuration.burstLimit, per: .seconds(10), reserve: burstReserve(configuration.burstLimit)),
            RateLimit(name: daily, limit: configuration.dailyLimit, per: .seconds(86_400)),
            RateLimit(name: search, limit: configuration.searchPerSecond, per: .seconds(1), appliesTo: .namedRequests),
        ]
    }

    /// Reads `X-HubSpot-RateLimit-Max` / `-Remaining` (burst window of `-Interval-Milliseconds`) and
    /// `X-HubSpot-RateLimit-Daily` / `-Daily-Remaining` (absent on OAuth calls) into hints.
    static func headerReader(portalUTCOffsetMinutes: Int) -> RateLimitHeaderReader {
        RateLimitHeaderReader { headers, nowMs in
            var hints: [RateLimitHints] = []
            if let remaining = headers["X-HubSpot-RateLimit-Remaining"].flatMap({ Int($0) }) {
                let interval = headers["X-HubSpot-RateLimit-Interval-Milliseconds"].flatMap { Int64($0) }
                hints.append(
                    RateLimitHints(
                        limitName: burst, limit: headers["X-HubSpot-RateLimit-Max"].flatMap { Int($0) },
                        remaining: remaining,
                        resetAtMs: remaining <= 0 ? interval.map { nowMs + $0 } : nil
                    ))
            }
            if let remaining = headers["X-HubSpot-RateLimit-Daily-Remaining"].flatMap({ Int($0) }) {
                hints.append(
                    RateLimitHints(
                        limitName: daily, limit: headers["X-HubSpot-RateLimit-Daily"].flatMap { Int($0) },
                        remaining: remaining,
                        resetAtMs: nextPortalMidnight(after: nowMs, offsetMinutes: portalUTCOffsetMinutes)
                    ))
            }
            return hints
        }
    }

    /// The next midnight of the portal's time zone after `nowMs`, UTC ms (when HubSpot resets the daily quota).
    static func nextPortalMidnight(after nowMs: Int64, offsetMinutes: Int) -> Int64 {
        let day: Int64 = 86_400_000
        let offset = Int64(offsetMinutes) * 60_000
        let local = nowMs + offset
        let localMidnight = (local >= 0 ? local / day : (local - day + 1) / day) * day
        return localMidnight + day - offset
    }
}
