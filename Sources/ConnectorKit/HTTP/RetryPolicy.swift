/// How often and how long to back off: exponential backoff with full jitter, honouring vendor hints.
///
/// A pure value: `decide(retriesSoFar:hintMs:random:)` turns "this attempt failed and may be retried" into an
/// action; the `VendorHTTPClient` does the sleeping. Delays are milliseconds.
///
/// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): the n-th retry (n from 0) waits a uniform
/// random time in `[0, min(maxDelayMs, baseDelayMs · 2^n)]`. A vendor hint (`Retry-After`, a reset time) is waited
/// exactly, not jittered; a hint longer than `maxHintedWaitMs` is not waited in-process but handed to the engine
/// as `ConnectorError.Recovery.retryLater(afterMs:)`.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts including the first, ≥ 1. `1` disables retries.
    public var maxAttempts: Int
    /// The first retry's ceiling, ms.
    public var baseDelayMs: Int64
    /// The cap on any backoff ceiling, ms.
    public var maxDelayMs: Int64
    /// The longest vendor-hinted wait done in-process, ms; longer hints end the call with `retryLater(afterMs:)`.
    public var maxHintedWaitMs: Int64

    /// - Parameters: see the properties. Defaults: 5 attempts, 500 ms base, 30 s cap, 120 s longest hinted wait.
    public init(
        maxAttempts: Int = 5, baseDelayMs: Int64 = 500, maxDelayMs: Int64 = 30_000, maxHintedWaitMs: Int64 = 120_000
    ) {
        precondition(maxAttempts >= 1 && baseDelayMs >= 0 && maxDelayMs >= 0 && maxHintedWaitMs >= 0)
        self.maxAttempts = maxAttempts
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
        self.maxHintedWaitMs = maxHintedWaitMs
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The action after a retryable failure.
    public enum Decision: Hashable, Sendable {
        /// Wait this many ms, then try again.
        case retry(afterMs: Int64)
        /// Stop; `retryLaterAfterMs` is the vendor-hinted delay when that was the reason to stop.
        case giveUp(retryLaterAfterMs: Int64?)
    }

    /// `min(maxDelayMs, baseDelayMs · 2^retry)` for the `retry`-th retry (0-based), ms; saturates on overflow.
    public func backoffCeilingMs(retry: Int) -> Int64 {
        let exponent = max(0, min(retry, 62))
        let (product, overflow) = baseDelayMs.multipliedReportingOverflow(by: Int64(1) << exponent)
        return overflow ? maxDelayMs : min(maxDelayMs, product)
    }

    /// A full-jitter delay for the `retry`-th retry (0-based): uniform in `[0, backoffCeilingMs(retry:)]`, ms.
    public func jitteredDelayMs(retry: Int, random: RandomSource) -> Int64 {
        random.next(0...backoffCeilingMs(retry: retry))
    }

    /// Decides what to do after the attempt number `retriesSoFar + 1` failed retryably.
    ///
    /// - Parameters:
    ///   - retriesSoFar: retries already made for this request (0 after the first attempt failed).
    ///   - hintMs: a vendor- or connector-provided wait (ms from now), or `nil` for plain backoff.
    ///   - random: the jitter source.
    public func decide(retriesSoFar: Int, hintMs: Int64?, random: RandomSource) -> Decision {
        if let hintMs, hintMs > maxHintedWaitMs { return .giveUp(retryLaterAfterMs: hintMs) }
        guard retriesSoFar + 1 < maxAttempts else { return .giveUp(retryLaterAfterMs: hintMs) }
        if let hintMs { return .retry(afterMs: max(0, hintMs)) }
        return .retry(afterMs: jitteredDelayMs(retry: retriesSoFar, random: random))
    }
}
