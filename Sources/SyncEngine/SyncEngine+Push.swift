import ConnectorKit
import Foundation
import SyncCore
import SyncStore

extension SyncEngine {
    /// Pushes the due outbox entries of one vendor in vendor-sized batches and records one outcome per entry.
    ///
    /// Entries due later (backoff) are waited for up to `maxDrainWaitMs`. A batch-level failure counts as a failed
    /// attempt for each entry of the batch. Errors are reported, not thrown (only a simulated crash, `EngineAbort`, is).
    public func drain(_ connector: any VendorConnector, into report: PushReport, runID: Int64? = nil) async throws -> PushReport {
        var report = report
        let vendor = connector.vendor
        let lifecycle = OutboxLifecycle(
            maxAttempts: configuration.maxPushAttempts, baseMs: configuration.retryBaseMs, capMs: configuration.retryCapMs
        )
        let deadline = environment.now() + configuration.maxDrainWaitMs
        do {
            while true {
                try Task.checkCancellation()
                let now = environment.now()
                let batchSize = max(1, connector.pushBatchSize)
                let due = try await store.read { tx in try tx.dueOutbox(vendor: vendor, now: now, limit: batchSize) }
                if due.isEmpty {
                    let next = try await store.read { tx in try tx.nextAttemptAt(vendor: vendor) }
                    guard let next, next <= deadline else { break }
                    try await environment.sleep(max(1, next - environment.now()))
                    continue
                }
                try environment.step(.beforePush)
                let outcomes = try await pushBatch(due.map(\.mutation), to: connector)
                try environment.step(.afterPushBeforeCommit)
                report.batches += 1
                let decisions = zip(due, outcomes).map { item, outcome in
                    lifecycle.decide(outcome, attempts: item.attempts + 1, now: environment.now(), random: Double.random(in: 0...1))
                }
                try await record(decisions, for: due, vendor: vendor, runID: runID, now: environment.now())
                try environment.step(.afterPushCommit)
                for decision in decisions {
                    switch decision {
                    case .done: report.pushed += 1
                    case .retry: report.retried += 1
                    case .dead: report.deadLettered += 1
                    case .linked: report.linked += 1
                    }
                }
            }
        } catch let abort as EngineAbort {
            throw abort
        } catch {
            report.error = "\(error)"
            logger.error("push stopped", metadata: ["vendor": "\(vendor)", "error": "\(error)"])
        }
        return report
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

/// An engine failure (a connector broke its contract); the message names the vendor.
public struct EngineError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// An error with `message`.
    public init(_ message: String) { description = message }
}
