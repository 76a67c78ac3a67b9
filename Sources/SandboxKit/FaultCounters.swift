/// Thread-safe counts of the faults a sandbox injected, by kind; readable by tests and at `GET /_sandbox/faults`.
public final class FaultCounters: Sendable {
    private let counts = LockedBox([FaultKind: Int]())
    private let requests = LockedBox(0)

    /// Starts at zero.
    public init() {}

    /// Records one injected fault of `kind`.
    public func record(_ kind: FaultKind) {
        counts.withLock { $0[kind, default: 0] += 1 }
    }

    /// Records one request that went through the fault middleware.
    public func recordRequest() {
        requests.withLock { $0 += 1 }
    }

    /// How many faults of `kind` were injected so far.
    public func count(_ kind: FaultKind) -> Int {
        counts.withLock { $0[kind, default: 0] }
    }

    /// Requests seen by the fault middleware (admin endpoints excluded).
    public var requestCount: Int { requests.withLock { $0 } }

    /// Total injected faults of every kind except `latency`.
    public var totalFailures: Int {
        counts.withLock { $0.filter { $0.key != .latency }.values.reduce(0, +) }
    }

    /// `{"requests": n, "faults": {"5xx": n, "429": n, ...}}`, every kind present.
    public func snapshot() -> JSONValue {
        let byKind = counts.withLock { $0 }
        var faults: [String: JSONValue] = [:]
        for kind in FaultKind.allCases { faults[kind.rawValue] = .int(Int64(byKind[kind, default: 0])) }
        return .object(["requests": .int(Int64(requestCount)), "faults": .object(faults)])
    }
}
