/// When a poller passes next: every `interval`, give or take a random `jitter` fraction, so pollers that share a
/// vendor's rate limit do not fire together.
public struct PollSchedule: Sendable, Equatable {
    /// The mean time between passes.
    public var interval: Duration
    /// The spread around `interval`, as a fraction in 0...1 (0.1 = ±10 %).
    public var jitter: Double

    /// A schedule; `jitter` is clamped to 0...1.
    public init(interval: Duration, jitter: Double = 0.1) {
        self.interval = interval
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before the next pass for a random draw `random` in 0...1 (0.5 = exactly `interval`), rounded to
    /// whole milliseconds.
    public func delay(random: Double) -> Duration {
        let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
        let (seconds, attoseconds) = interval.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return .milliseconds(Int64((milliseconds * factor).rounded()))
    }
}
