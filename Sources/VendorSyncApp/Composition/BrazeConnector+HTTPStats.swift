import BrazeConnector
import ConnectorKit

extension BrazeConnector: HTTPStatsReporting {
    /// The shared HTTP client's counters (requests, retries, rate-limit waits), for the daemon's metrics.
    public var httpStats: HTTPClientStats { client.stats }
}

extension BrazeConnector: RateLimitOverridable {
    /// The shared HTTP client, whose declared limits `vendors.braze.rateLimits` may override.
    public var httpClient: VendorHTTPClient { client }
}
