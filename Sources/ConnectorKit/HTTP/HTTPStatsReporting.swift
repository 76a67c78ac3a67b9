/// A connector that exposes its `VendorHTTPClient`'s counters, for the daemon's metrics.
public protocol HTTPStatsReporting: Sendable {
    /// The counters of the connector's HTTP client since it was created.
    var httpStats: HTTPClientStats { get }
}
