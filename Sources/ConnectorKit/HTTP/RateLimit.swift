/// A limit a vendor documents, declared by the connector: at most `limit` requests in any window of `per`.
///
/// Examples: a burst limit `RateLimit(name: "burst", limit: 190, per: .seconds(10))` plus a daily one
/// `RateLimit(name: "daily", limit: 625_000, per: .seconds(86_400))`; one endpoint's own limit
/// `RateLimit(name: "users.track", limit: 3_000, per: .seconds(3), appliesTo: .namedRequests)`.
/// The window is treated as rolling (the strictest reading), so a fixed-window vendor is never exceeded.
public struct RateLimit: Sendable, Hashable {
    /// Which requests count against a limit.
    public enum Scope: Sendable, Hashable {
        /// Every request the client sends.
        case allRequests
        /// Only requests whose `VendorRequest.rateLimitBucket` equals the limit's `name`.
        case namedRequests
    }

    /// A stable name, used by `VendorRequest.rateLimitBucket` and `RateLimitHints.limitName`.
    public var name: String
    /// Requests allowed per window, ≥ 1.
    public var limit: Int
    /// The window length.
    public var per: Duration
    /// Which requests count against it.
    public var appliesTo: Scope
    /// Requests of each window kept for `VendorRequest.priority` requests (e.g. a fetch a webhook asked for):
    /// other requests may use at most `limit − reserve`. 0 (the default) keeps nothing back.
    public var reserve: Int

    public init(name: String, limit: Int, per: Duration, appliesTo: Scope = .allRequests, reserve: Int = 0) {
        precondition(limit >= 1, "a rate limit must allow at least one request")
        precondition(per > .zero, "a rate limit window must be positive")
        precondition(reserve >= 0 && reserve < limit, "a reserve must leave at least one request for the rest")
        self.name = name
        self.limit = limit
        self.per = per
        self.appliesTo = appliesTo
        self.reserve = reserve
    }

    /// The window length in ms (at least 1).
    public var windowMs: Int64 {
        let (seconds, attoseconds) = per.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
