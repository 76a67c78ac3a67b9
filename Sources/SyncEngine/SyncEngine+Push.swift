import ConnectorKit
import Foundation
import SyncCore
import SyncStore

extension SyncEngine {
    /// Pushes the due outbox entries of one vendor in vendor-sized batches, up to `configuration.pushConcurrency`
    /// batches in flight, and records one outcome per entry.
    ///
    /// Batches in flight never share an entry, a person, a vendor record key or an address (`InFlightBatches`):
    /// entries left out for that reason go in a later batch, read after the batch holding them has committed. Each
    /// batch records its outcomes in its own transaction as soon as its push returns, so a crash loses nothing and
    /// repeats at most the pushes of the batches in flight, whose entries keep their idempotency keys. Entries due
    /// later (backoff) are waited for up to `maxDrainWaitMs` once no batch is in flight. A batch-level failure counts
    /// as a failed attempt for each entry of the batch. Once `environment.stopRequested()` answers `true`, no new
    /// batch starts and the drain returns when the batches in flight have committed.
    /// - Returns: `report` with this drain's batches and outcomes added; an error that stopped the drain (after the
    ///   batches in flight finished) is in `error`, not thrown.
    /// - Parameter planning: while it answers `true`, more entries may still be planned (a plan running alongside),
    ///   so an empty queue is polled every 20 ms instead of ending the drain.
    /// - Throws: only a simulated crash, `EngineAbort`, from any batch; the other batches are cancelled.
    public func drain(
        _ connector: any VendorConnector, into report: PushReport, runID: Int64? = nil,
        planning: @escaping @Sendable () -> Bool = { false }
    ) async throws -> PushReport {
        var report = report
        let vendor = connector.vendor
        let lifecycle = OutboxLifecycle(
            maxAttempts: configuration.maxPushAttempts, baseMs: configuration.retryBaseMs, capMs: configuration.retryCapMs
        )
        let deadline = environment.now() + configuration.maxDrainWaitMs
        let concurrency = max(1, configuration.pushConcurrency)
        let batchSize = max(1, connector.pushBatchSize)
        do {
            try await withThrowingTaskGroup(of: BatchResult.self) { group in
                var inFlight = InFlightBatches()
                var failure: (any Error)?
                while true {
                    do {
                        try Task.checkCancellation()
                        let stopping = failure != nil || environment.stopRequested()
                        if !stopping, inFlight.count < concurrency {
                            let now = environment.now()
                            let (ids, persons) = (inFlight.ids, inFlight.persons)
                            let window = try await store.read { tx in
                                try tx.dueOutbox(vendor: vendor, now: now, limit: batchSize, excludingIDs: ids, excludingPersons: persons)
                            }
                            let batch = inFlight.admissible(window)
                            if !batch.isEmpty {
                                let number = inFlight.open(batch)
                                group.addTask {
                                    try await self.send(batch, number: number, to: connector, lifecycle: lifecycle, runID: runID)
                                }
                                continue
                            }
                        }
                        if inFlight.isEmpty {
                            guard !stopping else { break }
                            if planning() {
                                try await environment.sleep(20)
                                continue
                            }
                            let next = try await store.read { tx in try tx.nextAttemptAt(vendor: vendor) }
                            guard let next, next <= deadline else { break }
                            try await environment.sleep(max(1, next - environment.now()))
                            continue
                        }
                        // Nothing more can start now: wait for a batch to commit, then read again.
                        guard let result = try await group.next() else { break }
                        inFlight.close(result.number)
                        report.batches += 1
                        report.add(result.decisions)
                        if failure == nil, let error = result.failure { failure = error }
                    } catch let error where !(error is EngineAbort || error is CancellationError || Task.isCancelled) {
                        // Start nothing more; the batches in flight still finish and commit.
                        if failure == nil { failure = error }
                    } catch {
                        group.cancelAll()
                        throw error
                    }
                }
                if let failure { throw failure }
            }
        } catch let abort as EngineAbort {
            throw abort
        } catch {
            report.error = "\(error)"
            logger.error("push stopped", metadata: ["vendor": "\(vendor)", "error": "\(error)"])
        }
        return report
    }

    /// Pushes one batch and records its outcomes in one transaction, between the `beforePush`,
    /// `afterPushBeforeCommit` and `afterPushCommit` checkpoints.
    /// - Returns: the batch's decisions once committed; a failure to record them is returned (`failure`), not thrown.
    /// - Throws: `EngineAbort` from a checkpoint, `CancellationError`.
    private func send(
        _ batch: [OutboxItem], number: Int, to connector: any VendorConnector, lifecycle: OutboxLifecycle, runID: Int64?
    ) async throws -> BatchResult {
        try environment.step(.beforePush)
        let outcomes = try await pushBatch(batch.map(\.mutation), to: connector)
        try environment.step(.afterPushBeforeCommit)
        let decisions = zip(batch, outcomes).map { item, outcome in
            lifecycle.decide(outcome, attempts: item.attempts + 1, now: environment.now(), random: Double.random(in: 0...1))
        }
        do {
            try await record(decisions, for: batch, vendor: connector.vendor, runID: runID, now: environment.now())
        } catch let error where !(error is CancellationError || Task.isCancelled) {
            return BatchResult(number: number, decisions: [], failure: error)
        }
        try environment.step(.afterPushCommit)
        return BatchResult(number: number, decisions: decisions, failure: nil)
    }

    /// Pushes one batch; a thrown error or a broken outcome count becomes a retry outcome for every item.
    private func pushBatch(_ mutations: [Mutation], to connector: any VendorConnector) async throws -> [PushOutcome] {
        do {
            let outcomes = try await connector.push(mutations)
            guard outcomes.count == mutations.count else {
                throw EngineError("\(connector.vendor) returned \(outcomes.count) outcomes for \(mutations.count) mutations")
            }
            return outcomes
        } catch let error as CancellationError {
            throw error
        } catch {
            return Array(repeating: .retry(reason: "batch failed: \(error)", afterMs: nil), count: mutations.count)
        }
    }
}

/// What one batch of a drain ended with.
struct BatchResult: Sendable {
    /// The batch's number in `InFlightBatches`.
    var number: Int
    /// Its committed decisions, one per entry (empty when they could not be recorded).
    var decisions: [OutboxDecision]
    /// Why its outcomes could not be recorded, if so.
    var failure: (any Error)?
}

extension PushReport {
    /// Adds committed decisions to the counters.
    mutating func add(_ decisions: [OutboxDecision]) {
        for decision in decisions {
            switch decision {
            case .done: pushed += 1
            case .retry: retried += 1
            case .dead: deadLettered += 1
            case .linked: linked += 1
            }
        }
    }
}

/// An engine failure (a connector broke its contract); the message names the vendor.
public struct EngineError: Error, CustomStringConvertible, Sendable {
    /// The message.
    public let description: String

    /// An error with `message`.
    public init(_ message: String) { description = message }
}
