/// The client-side rate limiter as a pure state machine: events in (a request wants to go, hints were read, the
/// vendor said 429), decisions out. No clock, no sleeping: times are passed in as UTC epoch ms.
public struct RateLimiterState: Sendable {
    /// What to do with a request that wants to go now.
    public enum Decision: Sendable, Hashable {
        /// Send it now; it has been counted.
        case proceed
        /// Do not send; ask again after this many ms. Nothing was counted.
        case wait(ms: Int64)
    }

    private let limits: [RateLimit]
    private var windows: [String: RateLimitWindow]

    /// - Parameter limits: the connector's declared limits; names must be unique.
    public init(limits: [RateLimit]) {
        self.limits = limits
        var windows: [String: RateLimitWindow] = [:]
        for limit in limits {
            precondition(windows[limit.name] == nil, "duplicate rate limit name \(limit.name)")
            windows[limit.name] = RateLimitWindow(limit: limit.limit, windowMs: limit.windowMs, reserve: limit.reserve)
        }
        self.windows = windows
    }

    /// The names of the limits a request naming `bucket` counts against: every `.allRequests` limit, plus the
    /// limit called `bucket` if declared (an undeclared name adds nothing).
    public func limitNames(for bucket: String?) -> [String] {
        limits.filter { $0.appliesTo == .allRequests || $0.name == bucket }.map(\.name)
    }

    /// A request naming `bucket` wants to go at `nowMs`: counts it against every applicable limit and returns
    /// `.proceed`, or returns `.wait(ms:)` with the longest wait any applicable limit needs (counting nothing).
    /// A `priority` request may use the limits' reserve (`RateLimit.reserve`).
    public mutating func acquire(bucket: String?, nowMs: Int64, priority: Bool = false) -> Decision {
        let names = limitNames(for: bucket)
        var wait: Int64 = 0
        for name in names {
            wait = max(wait, windows[name]!.waitMs(nowMs: nowMs, priority: priority))
        }
        if wait > 0 { return .wait(ms: wait) }
        for name in names { windows[name]!.record(nowMs: nowMs) }
        return .proceed
    }

    /// Adapts to what the vendor's headers said after a request naming `bucket`.
    ///
    /// `remaining` lower than our own count raises our count (other clients share the account); `remaining == 0`
    /// with a `resetAtMs` blocks until then; `retryAfterMs` blocks for that long from `nowMs`.
    public mutating func observe(_ hints: [RateLimitHints], bucket: String?, nowMs: Int64) {
        for hint in hints {
            for name in targets(of: hint.limitName, bucket: bucket) {
                if let remaining = hint.remaining {
                    windows[name]!.adopt(
                        remaining: remaining, vendorLimit: hint.limit, resetAtMs: hint.resetAtMs, nowMs: nowMs)
                }
                if let retryAfterMs = hint.retryAfterMs { windows[name]!.block(untilMs: nowMs + max(0, retryAfterMs)) }
            }
        }
    }

    /// The vendor refused a request naming `bucket` (429): no request counting against the same limits goes
    /// before `untilMs` (UTC epoch ms).
    public mutating func block(untilMs: Int64, bucket: String?) {
        for name in limitNames(for: bucket) { windows[name]!.block(untilMs: untilMs) }
    }

    /// The ms a request naming `bucket` would have to wait at `nowMs` (0: none), without counting anything.
    public mutating func pendingWaitMs(bucket: String?, nowMs: Int64) -> Int64 {
        limitNames(for: bucket).reduce(0) { max($0, windows[$1]!.waitMs(nowMs: nowMs)) }
    }

    private func targets(of limitName: String?, bucket: String?) -> [String] {
        if let limitName { return windows[limitName] == nil ? [] : [limitName] }
        if let bucket, windows[bucket] != nil { return [bucket] }
        return limits.filter { $0.appliesTo == .allRequests }.map(\.name)
    }
}
