/// Draws, per request, which fault (if any) to inject, from a seeded generator so a run is reproducible.
public final class FaultInjector: Sendable {
    /// What to inject.
    public let spec: FaultSpec
    /// Counts of what was injected.
    public let counters: FaultCounters
    private let generator: LockedBox<SplitMix64>

    /// Uses `spec` with draws seeded by `seed`.
    public init(spec: FaultSpec, seed: UInt64, counters: FaultCounters = FaultCounters()) {
        self.spec = spec
        self.counters = counters
        self.generator = LockedBox(SplitMix64(seed: seed ^ 0xFA17_FA17))
    }

    /// The failure to inject for the next request, or `nil` to serve it normally. Counts the fault it returns.
    public func drawFailure() -> FaultKind? {
        let total = spec.serverError + spec.rateLimited + spec.timeout + spec.malformed
        guard total > 0 else { return nil }
        let draw = generator.withLock { $0.nextUnit() }
        var threshold = 0.0
        let ordered: [(FaultKind, Double)] = [
            (.serverError, spec.serverError), (.rateLimited, spec.rateLimited), (.timeout, spec.timeout),
            (.malformed, spec.malformed),
        ]
        for (kind, probability) in ordered {
            threshold += probability
            if draw < threshold {
                counters.record(kind)
                return kind
            }
        }
        return nil
    }
}
