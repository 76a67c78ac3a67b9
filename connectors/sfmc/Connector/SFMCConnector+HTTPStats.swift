import ConnectorKit

extension SFMCConnector: HTTPStatsReporting {
    /// The shared HTTP client's counters (requests, retries, rate-limit waits) since the connector was built.
    public var httpStats: HTTPClientStats { client.stats }
}

extension SFMCConnector: RateLimitOverridable {
    /// The shared HTTP client, whose declared limit (`requestsPerMinute`) `vendors.sfmc.rateLimits` may override.
    public var httpClient: VendorHTTPClient { client }
}
