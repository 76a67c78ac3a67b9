/// Braze's default limits as the sandbox applies them in `.vendor` mode.
///
/// Source: braze.md §10 (`api_limits`): `/users/track` 3,000 / 3 s; `/users/export/ids` 250 / min;
/// `/subscription/status/set` and `/v2/subscription/status/set` 5,000 / min shared; everything else 250,000 / h shared.
public struct BrazeRateLimits: Sendable, Equatable {
    /// `/users/track` requests per `trackWindowMs`.
    public var track: Int
    /// Window of the track limit, ms.
    public var trackWindowMs: Int64
    /// `/users/export/ids` requests per minute.
    public var exportIds: Int
    /// Subscription-group set requests per minute.
    public var subscriptionSet: Int
    /// Shared bucket for every other endpoint, per hour.
    public var shared: Int

    /// The documented defaults.
    public init(
        track: Int = 3000, trackWindowMs: Int64 = 3000, exportIds: Int = 250, subscriptionSet: Int = 5000,
        shared: Int = 250_000
    ) {
        self.track = track
        self.trackWindowMs = trackWindowMs
        self.exportIds = exportIds
        self.subscriptionSet = subscriptionSet
        self.shared = shared
    }
}
