import SyncCore

/// Settings of the engine; every value has a default fit for the one-shot CLI.
public struct EngineConfiguration: Sendable {
    /// Conflict policy beyond the defaults.
    public var policy: ReconcilePolicy
    /// The largest attribute value accepted, in bytes of UTF-8; a record with a larger one is dead-lettered.
    public var maxFieldBytes: Int
    /// Pages pulled per stream in one pass at most (a guard against a vendor that never says "no more").
    public var maxPagesPerStream: Int
    /// Delivery attempts of one outbox item before it becomes a dead letter.
    public var maxPushAttempts: Int
    /// Backoff between outcome-level retries of an outbox item: base and cap, in milliseconds.
    public var retryBaseMs: Int64
    /// The cap of that backoff (ms).
    public var retryCapMs: Int64
    /// How long a one-shot pass waits for outbox items that are due later (ms) before it stops.
    public var maxDrainWaitMs: Int64
    /// Default country code (digits) for phone numbers without one; `nil` rejects them.
    public var defaultCountryCode: String?
    /// Pull and push the vendors of a pass concurrently (each vendor's streams still run in order, and every
    /// transaction still commits alone); `false` runs them one after the other, in the connectors' order.
    public var concurrentVendors: Bool
    /// Read a stream's next pages while the current ones commit; pages read meanwhile commit together in the next
    /// transaction with the last one's cursor (a cursor is only stored with what it covers).
    public var prefetchPages: Bool
    /// With `prefetchPages`, how many records may wait read ahead of their commit per stream (a page is always
    /// read when none waits).
    public var prefetchRecords: Int
    /// Push batches in flight per vendor at most (`1` sends one batch at a time; values below 1 act as 1). Batches in
    /// flight never share an outbox entry, a person, a vendor record key or an address; each records its outcomes in
    /// its own transaction.
    public var pushConcurrency: Int

    /// A configuration with defaults: 64 KiB fields, 100,000 pages, 8 attempts, backoff 500 ms to 60 s, 2 min wait,
    /// vendors concurrent, up to 5,000 records read ahead per stream, 4 push batches in flight per vendor.
    public init(
        policy: ReconcilePolicy = ReconcilePolicy(), maxFieldBytes: Int = 65_536, maxPagesPerStream: Int = 100_000,
        maxPushAttempts: Int = 8, retryBaseMs: Int64 = 500, retryCapMs: Int64 = 60_000, maxDrainWaitMs: Int64 = 120_000,
        defaultCountryCode: String? = nil, concurrentVendors: Bool = true, prefetchPages: Bool = true,
        pushConcurrency: Int = 4, prefetchRecords: Int = 5_000
    ) {
        self.policy = policy
        self.maxFieldBytes = maxFieldBytes
        self.maxPagesPerStream = maxPagesPerStream
        self.maxPushAttempts = maxPushAttempts
        self.retryBaseMs = retryBaseMs
        self.retryCapMs = retryCapMs
        self.maxDrainWaitMs = maxDrainWaitMs
        self.defaultCountryCode = defaultCountryCode
        self.concurrentVendors = concurrentVendors
        self.prefetchPages = prefetchPages
        self.pushConcurrency = pushConcurrency
        self.prefetchRecords = prefetchRecords
    }
}

/// Named points between the steps of the page loop and the drainer, where tests inject a crash.
public enum EngineStep: String, Sendable, CaseIterable {
    case beforePull, afterPullBeforeCommit, afterPageCommit
    case beforePlanCommit, afterPlanCommit
    case beforePush, afterPushBeforeCommit, afterPushCommit
}

/// Time and fault hooks, injectable for tests.
public struct EngineEnvironment: Sendable {
    /// The current time (UTC ms).
    public var now: @Sendable () -> UTCMillis
    /// Sleeps for the given milliseconds (cancellable).
    public var sleep: @Sendable (Int64) async throws -> Void
    /// Called at each `EngineStep`; throwing simulates a crash at that point.
    public var checkpoint: @Sendable (EngineStep) throws -> Void
    /// Whether a graceful stop was asked for, read by a drain before it starts each push batch: once `true`, the
    /// drain starts no new batch, lets the batches in flight commit their outcomes, and returns its report.
    public var stopRequested: @Sendable () -> Bool

    /// The real clock, `Task.sleep`, no faults, never a stop.
    public static var live: EngineEnvironment {
        EngineEnvironment(
            now: { wallClockMillis() },
            sleep: { ms in try await Task.sleep(for: .milliseconds(ms)) },
            checkpoint: { _ in }
        )
    }

    /// An environment from its parts.
    public init(
        now: @escaping @Sendable () -> UTCMillis, sleep: @escaping @Sendable (Int64) async throws -> Void,
        checkpoint: @escaping @Sendable (EngineStep) throws -> Void = { _ in },
        stopRequested: @escaping @Sendable () -> Bool = { false }
    ) {
        self.now = now
        self.sleep = sleep
        self.checkpoint = checkpoint
        self.stopRequested = stopRequested
    }
}

/// A crash simulated through `EngineEnvironment.checkpoint`: it aborts the whole pass, as a killed process would.
public struct EngineAbort: Error, Sendable {
    /// What the checkpoint threw.
    public let underlying: any Error
}

extension EngineEnvironment {
    /// Calls the checkpoint hook; whatever it throws becomes an `EngineAbort`, which no step catches.
    func step(_ step: EngineStep) throws { try Self.step(checkpoint, step) }

    /// Calls `checkpoint` at `step`, turning what it throws into an `EngineAbort`.
    static func step(_ checkpoint: @Sendable (EngineStep) throws -> Void, _ step: EngineStep) throws {
        do { try checkpoint(step) } catch { throw EngineAbort(underlying: error) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in UTC milliseconds.
public func wallClockMillis() -> UTCMillis {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return UTCMillis(spec.tv_sec) * 1000 + UTCMillis(spec.tv_nsec / 1_000_000)
}
