/// A source of uniformly distributed integers, injected into `RetryPolicy` so tests can pin the jitter.
public struct RandomSource: Sendable {
    /// Returns an integer uniformly distributed in the closed range.
    public var next: @Sendable (ClosedRange<Int64>) -> Int64

    public init(_ next: @escaping @Sendable (ClosedRange<Int64>) -> Int64) {
        self.next = next
    }

    /// The system generator.
    public static let system = RandomSource { Int64.random(in: $0) }
    /// Always the lower bound (no jitter: zero delay for full jitter).
    public static let minimum = RandomSource { $0.lowerBound }
    /// Always the upper bound (the full exponential delay).
    public static let maximum = RandomSource { $0.upperBound }
}
