import ConnectorKit

extension HubSpotConnector: HTTPStatsReporting {
    /// The shared HTTP client's counters (requests, retries, rate-limit waits) since the connector was built.
    public var httpStats: HTTPClientStats { client.stats }
}

extension HubSpotConnector: RateLimitOverridable {
    /// The shared HTTP client, whose declared limits (`burst`, `daily`, `search`; see `HubSpotRateLimits`)
    /// `vendors.hubspot.rateLimits` may override.
    public var httpClient: VendorHTTPClient { client }
}
