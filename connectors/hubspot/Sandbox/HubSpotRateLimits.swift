/// HubSpot's limits as the sandbox applies them in `.vendor` mode.
///
/// Source: hubspot.md §10 (usage guidelines): Enterprise 190 per 10 s burst, 1,000,000 per day; search 5 req/s.
public struct HubSpotRateLimits: Sendable, Equatable {
    /// Requests per burst interval (`X-HubSpot-RateLimit-Max`).
    public var burst: Int
    /// Burst interval, ms (`X-HubSpot-RateLimit-Interval-Milliseconds`).
    public var burstIntervalMs: Int64
    /// Requests per day (UTC day in the sandbox) (`X-HubSpot-RateLimit-Daily`).
    public var daily: Int
    /// Search requests per second (search is exempt from the burst bucket).
    public var searchPerSecond: Int

    /// Defaults: 190 / 10 s, 1,000,000 / day, search 5 / s.
    public init(burst: Int = 190, burstIntervalMs: Int64 = 10_000, daily: Int = 1_000_000, searchPerSecond: Int = 5) {
        self.burst = burst
        self.burstIntervalMs = burstIntervalMs
        self.daily = daily
        self.searchPerSecond = searchPerSecond
    }
}
