/// Counters of one `VendorHTTPClient` since it was created, for metrics and tests.
public struct HTTPClientStats: Codable, Sendable, Hashable {
    /// `send` calls.
    public var sends = 0
    /// Attempts handed to the transport (≥ `sends`).
    public var requests = 0
    /// Attempts repeated after a retryable failure or a 429.
    public var retries = 0
    /// 429 (or connector-classified rate-limit) responses absorbed.
    public var rateLimitedResponses = 0
    /// Times a request waited for the rate limiter or after a 429.
    public var rateLimitWaits = 0
    /// Total ms spent in those waits.
    public var rateLimitWaitMs: Int64 = 0
    /// Times credentials were invalidated and fetched again after a 401.
    public var authRefreshes = 0
    /// `send` calls that ended by throwing.
    public var failures = 0

    public init() {}
}
