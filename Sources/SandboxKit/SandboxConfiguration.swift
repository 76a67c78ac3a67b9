/// How one vendor sandbox listens and behaves.
public struct SandboxConfiguration: Sendable {
    /// Interface to bind; loopback by default.
    public var host: String
    /// TCP port; `0` lets the OS choose (what tests use), the real port is returned by `start()`.
    public var port: Int
    /// Vendor rate limits on or off.
    public var rateLimits: RateLimitMode
    /// Injected faults (none by default).
    public var faults: FaultSpec
    /// Seed for fault draws and generated identifiers; equal seeds give equal runs.
    public var randomSeed: UInt64

    /// Defaults: `127.0.0.1`, ephemeral port, vendor rate limits, no faults, seed 1.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        rateLimits: RateLimitMode = .vendor,
        faults: FaultSpec = FaultSpec(),
        randomSeed: UInt64 = 1
    ) {
        self.host = host
        self.port = port
        self.rateLimits = rateLimits
        self.faults = faults
        self.randomSeed = randomSeed
    }
}
