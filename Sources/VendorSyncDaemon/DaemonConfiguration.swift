import SyncCore

/// How the daemon runs: where it listens, how often each stream is pulled, how often the outbox is drained, and
/// how long a graceful shutdown may take.
public struct DaemonConfiguration: Sendable {
    /// Listener address (default `127.0.0.1`).
    public var host: String
    /// Listener port (default 9465; 0 picks a free one).
    public var port: Int
    /// The interval of a stream without its own, in seconds (default 300).
    public var defaultInterval: Duration
    /// Per-vendor intervals, overriding `defaultInterval`.
    public var vendorIntervals: [VendorName: Duration]
    /// Per-(vendor, stream) intervals, overriding the vendor's.
    public var streamIntervals: [VendorName: [String: Duration]]
    /// Spread of each wait, as a fraction of the interval (default 0.1 = ±10 %).
    public var jitter: Double
    /// How often the drainer looks for entries that came due without a poller waking it (default 15 s).
    public var drainInterval: Duration
    /// The longest graceful shutdown before remaining work is cancelled (default 20 s; keep it below the unit's
    /// `TimeoutStopSec`).
    public var shutdownGrace: Duration
    /// Listener settings (public base URL for webhook signatures, body limit).
    public var router: DaemonRouter.Configuration

    /// Defaults as documented on each property.
    public init(
        host: String = "127.0.0.1", port: Int = 9465, defaultInterval: Duration = .seconds(300),
        vendorIntervals: [VendorName: Duration] = [:], streamIntervals: [VendorName: [String: Duration]] = [:],
        jitter: Double = 0.1, drainInterval: Duration = .seconds(15), shutdownGrace: Duration = .seconds(20),
        router: DaemonRouter.Configuration = DaemonRouter.Configuration()
    ) {
        self.host = host
        self.port = port
        self.defaultInterval = defaultInterval
        self.vendorIntervals = vendorIntervals
        self.streamIntervals = streamIntervals
        self.jitter = jitter
        self.drainInterval = drainInterval
        self.shutdownGrace = shutdownGrace
        self.router = router
    }

    /// The schedule of one stream: its own interval, else its vendor's, else the default.
    public func schedule(vendor: VendorName, stream: String) -> PollSchedule {
        let interval = streamIntervals[vendor]?[stream] ?? vendorIntervals[vendor] ?? defaultInterval
        return PollSchedule(interval: interval, jitter: jitter)
    }
}
