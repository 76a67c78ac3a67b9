import SyncCore

/// What to do with an outbox item after an attempt.
public enum OutboxDecision: Sendable, Equatable {
    /// Delivered; `recordKey` is the vendor key of the record written, when known.
    case done(recordKey: String?)
    /// Try again at `at` (UTC ms).
    case retry(at: UTCMillis, error: String)
    /// Give up: dead-letter with `reason`.
    case dead(reason: String)
    /// The record existed unseen: apply `current` as a pulled change and plan again.
    case linked(recordKey: String, current: RemoteChange)
}

/// The outbox item lifecycle as a value-type state machine: takes an attempt's outcome, returns the decision.
/// No I/O; the random source for the backoff's full jitter is injected.
public struct OutboxLifecycle: Sendable {
    public var maxAttempts: Int
    public var baseMs: Int64
    public var capMs: Int64

    /// A lifecycle giving up after `maxAttempts` attempts, backing off from `baseMs` up to `capMs`.
    public init(maxAttempts: Int, baseMs: Int64, capMs: Int64) {
        self.maxAttempts = maxAttempts
        self.baseMs = baseMs
        self.capMs = capMs
    }

    /// The decision after the `attempts`-th attempt (1-based, counting this one) ended with `outcome`.
    ///
    /// A retry or a dead letter always carries a reason: a connector's empty one becomes `Self.unexplained`.
    /// - Parameter random: a value in `0...1` for the jitter.
    public func decide(_ outcome: PushOutcome, attempts: Int, now: UTCMillis, random: Double) -> OutboxDecision {
        switch outcome {
        case let .applied(recordKey):
            return .done(recordKey: recordKey)
        case let .rejected(reason):
            return .dead(reason: Self.explained(reason))
        case let .exists(recordKey, current):
            return .linked(recordKey: recordKey, current: current)
        case let .retry(given, afterMs):
            let reason = Self.explained(given)
            guard attempts < maxAttempts else { return .dead(reason: "gave up after \(attempts) attempts: \(reason)") }
            let ceiling = min(capMs, baseMs << Int64(min(attempts - 1, 30)))
            let jittered = Int64(Double(ceiling) * min(max(random, 0), 1))
            return .retry(at: now + max(afterMs ?? 0, jittered), error: reason)
        }
    }

    /// The reason stored for an outcome whose connector gave none.
    public static let unexplained = "the connector gave no reason"

    private static func explained(_ reason: String) -> String {
        reason.allSatisfy(\.isWhitespace) ? unexplained : reason
    }
}
