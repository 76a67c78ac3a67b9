/// A token bucket: holds up to `capacity` tokens, refilled continuously at `capacity` per `intervalMs`.
///
/// Models "N requests per rolling interval" limits (HubSpot's ten-secondly burst, search per second).
/// A value type that does no I/O: the caller passes the time.
public struct TokenBucket: Sendable, Equatable {
    /// Bucket size (the advertised limit).
    public let capacity: Int
    /// Time to refill an empty bucket, milliseconds.
    public let intervalMs: Int64
    private var tokens: Double
    private var lastMs: Int64?

    /// A full bucket.
    public init(capacity: Int, intervalMs: Int64) {
        self.capacity = capacity
        self.intervalMs = intervalMs
        self.tokens = Double(capacity)
    }

    /// Takes one token at `nowMs` if one is available.
    public mutating func consume(nowMs: Int64) -> RateLimitDecision {
        refill(nowMs: nowMs)
        let allowed = tokens >= 1
        if allowed { tokens -= 1 }
        let missing = Double(capacity) - tokens
        let refillMs = Int64((missing * Double(intervalMs) / Double(max(capacity, 1))).rounded(.up))
        return RateLimitDecision(
            allowed: allowed, limit: capacity, remaining: Int(tokens.rounded(.down)),
            resetAtMs: nowMs + refillMs)
    }

    private mutating func refill(nowMs: Int64) {
        defer { lastMs = nowMs }
        guard let last = lastMs, nowMs > last else { return }
        let added = Double(nowMs - last) * Double(capacity) / Double(max(intervalMs, 1))
        tokens = min(Double(capacity), tokens + added)
    }
}
