/// A fixed-window request counter: at most `limit` requests per window of `windowMs`, windows aligned to
/// multiples of `windowMs` since the epoch (so a daily window resets at UTC midnight).
///
/// A value type that does no I/O: the caller passes the time and stores the state.
public struct FixedWindowCounter: Sendable, Equatable {
    /// Requests allowed per window.
    public let limit: Int
    /// Window length, milliseconds.
    public let windowMs: Int64
    private var windowStartMs: Int64 = .min
    private var used = 0

    /// A counter allowing `limit` requests per `windowMs`.
    public init(limit: Int, windowMs: Int64) {
        self.limit = limit
        self.windowMs = windowMs
    }

    /// Counts one request at `nowMs` if the window has room.
    public mutating func consume(nowMs: Int64) -> RateLimitDecision {
        roll(nowMs: nowMs)
        let allowed = used < limit
        if allowed { used += 1 }
        return RateLimitDecision(
            allowed: allowed, limit: limit, remaining: max(0, limit - used),
            resetAtMs: windowStartMs + windowMs)
    }

    /// The state at `nowMs` without counting a request.
    public mutating func peek(nowMs: Int64) -> RateLimitDecision {
        roll(nowMs: nowMs)
        return RateLimitDecision(
            allowed: used < limit, limit: limit, remaining: max(0, limit - used),
            resetAtMs: windowStartMs + windowMs)
    }

    private mutating func roll(nowMs: Int64) {
        let start = nowMs - ((nowMs % windowMs) + windowMs) % windowMs
        if start != windowStartMs {
            windowStartMs = start
            used = 0
        }
    }
}
