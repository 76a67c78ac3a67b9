/// The outcome of asking a limiter for one request: allowed or not, and what to put in the headers.
public struct RateLimitDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public var allowed: Bool
    /// The limit of the window / bucket.
    public var limit: Int
    /// Requests left after this one.
    public var remaining: Int
    /// When the window resets (fixed window) or the bucket is next full (token bucket), epoch milliseconds.
    public var resetAtMs: Int64

    /// Builds a decision.
    public init(allowed: Bool, limit: Int, remaining: Int, resetAtMs: Int64) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetAtMs = resetAtMs
    }
}
