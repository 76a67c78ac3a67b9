/// The shared, concurrency-safe rate limiter the `VendorHTTPClient` uses: wraps `RateLimiterState` with a clock,
/// sleeps when told to wait, and counts waits for metrics.
public actor RateLimiter {
    /// Counters since creation.
    public struct Stats: Sendable, Hashable {
        /// How many times a request had to wait.
        public var waits = 0
        /// Total ms waited (sum over all requests).
        public var waitedMs: Int64 = 0
    }

    private var state: RateLimiterState
    /// The limits in force (the connector's declared ones, unless replaced).
    public private(set) var limits: [RateLimit]
    private let clock: EpochClock
    /// Counters since creation.
    public private(set) var stats = Stats()

    public init(limits: [RateLimit], clock: EpochClock = .system) {
        self.state = RateLimiterState(limits: limits)
        self.limits = limits
        self.clock = clock
    }

    /// Replaces the limits (e.g. by a configured `RateLimitOverride`); every window starts empty.
    public func replaceLimits(_ limits: [RateLimit]) {
        self.limits = limits
        state = RateLimiterState(limits: limits)
    }

    /// Waits until a request naming `bucket` may go, then counts it; a `priority` request may use the limits'
    /// reserve (`RateLimit.reserve`).
    /// - Returns: the ms this call waited (0 if none).
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    @discardableResult
    public func acquire(bucket: String?, priority: Bool = false) async throws -> Int64 {
        var waited: Int64 = 0
        while true {
            switch state.acquire(bucket: bucket, nowMs: clock.nowMs(), priority: priority) {
            case .proceed:
                return waited
            case .wait(let ms):
                stats.waits += 1
                stats.waitedMs += ms
                waited += ms
                try await clock.sleep(ms)
                try Task.checkCancellation()
            }
        }
    }

    /// Feeds the hints read from a response to a request naming `bucket`.
    public func observe(_ hints: [RateLimitHints], bucket: String?) {
        guard !hints.isEmpty else { return }
        state.observe(hints, bucket: bucket, nowMs: clock.nowMs())
    }

    /// Blocks the limits a request naming `bucket` counts against until `untilMs` (UTC epoch ms).
    public func block(untilMs: Int64, bucket: String?) {
        state.block(untilMs: untilMs, bucket: bucket)
    }

    /// Whether any declared limit applies to a request naming `bucket`.
    public func covers(bucket: String?) -> Bool {
        !state.limitNames(for: bucket).isEmpty
    }
}
