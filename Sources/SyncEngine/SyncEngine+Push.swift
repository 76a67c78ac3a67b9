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

    /// Stores the decisions of one batch in one transaction: done entries update the vendor mirror (and link the
    /// vendor key of created records), retries get their next attempt, dead ones become dead letters.
    private func record(
        _ decisions: [OutboxDecision], for items: [OutboxItem], vendor: VendorName, runID: Int64?, now: UTCMillis
    ) async throws {
        let applier = ChangeApplier(configuration: configuration, reconciler: Reconciler(policy: configuration.policy), runID: runID, now: now)
        try await store.write { tx in
            for (item, decision) in zip(items, decisions) {
                switch decision {
                case let .done(recordKey):
                    try tx.markOutboxDone(item.id, now: now)
                    try Self.mirrorWrite(item, createdKey: recordKey, vendor: vendor, now: now, in: tx)
                case let .linked(recordKey, current):
                    try tx.markOutboxLinked(item.id, recordKey: recordKey, now: now)
                    var change = current
                    change.recordKey = recordKey
                    _ = try applier.apply(.change(change), in: tx)
                case let .retry(at, error):
                    try tx.markOutboxRetry(item.id, error: error, nextAttemptAt: at, now: now)
                case let .dead(reason):
                    try tx.markOutboxDead(item.id, error: reason, now: now)
                    let payload = (try? String(decoding: JSONEncoder.sorted.encode(item.mutation), as: UTF8.self)) ?? "{}"
                    try tx.addDeadLetter(
                        direction: "push", vendor: vendor, stream: item.mutation.payload.kind,
                        recordKey: item.mutation.recordKey, reason: reason, payload: payload, now: now
                    )
                }
            }
        }
    }

    /// Records what was written to the vendor as the record's mirror, so the value coming back is an echo.
    static func mirrorWrite(_ item: OutboxItem, createdKey: String?, vendor: VendorName, now: UTCMillis, in tx: StoreTransaction) throws {
        let mutation = item.mutation
        var key = mutation.recordKey ?? createdKey
        if mutation.recordKey == nil, let createdKey {
            try tx.linkIdentity(vendor: vendor, recordKey: createdKey, personID: item.personID, aliases: [:], now: now)
        }
        if key == nil {
            let known = try tx.identities(personID: item.personID).filter { $0.vendor == vendor && !$0.deleted }
            if known.count == 1 { key = known[0].recordKey }
        }
        guard let key else { return }
        var mirror = try tx.mirror(vendor: vendor, recordKey: key) ?? MirrorState()
        switch mutation.payload {
        case let .attributes(fields):
            for (field, value) in fields { mirror.attributes[field] = value }
        case let .consent(consentKey, record):
            mirror.consent[consentKey] = record.state
        case let .suppression(suppression):
            mirror.suppressions.insert(MirrorState.suppressionKey(suppression.channel, suppression.reason))
        case .event:
            return
        }
        mirror.seenAt = max(mirror.seenAt, now)
        try tx.saveMirror(mirror, vendor: vendor, recordKey: key, personID: item.personID)
    }
}

/// An engine failure (a connector broke its contract); the message names the vendor.
public struct EngineError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// An error with `message`.
    public init(_ message: String) { description = message }
}
