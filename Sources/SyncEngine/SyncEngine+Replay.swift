import ConnectorKit
import Foundation
import SyncCore
import SyncStore

/// The result of replaying one dead letter.
public enum ReplayResult: Sendable, Equatable {
    /// Applied to the hub (pull) or delivered to the vendor (push).
    case applied
    /// Still failing; the dead letter stays open with this reason.
    case stillFailing(reason: String)
}

extension SyncEngine {
    /// Replays dead letter `id`: a pulled record is mapped again by its connector (from `payload` when given, e.g.
    /// an operator's corrected copy, else the stored one) and applied; a refused push is put back in the outbox and
    /// pushed. Either way the outbox is planned and drained for the vendors concerned.
    /// - Throws: `EngineError` when the dead letter does not exist, is not open, or names an unconfigured vendor.
    public func replayDeadLetter(id: Int64, payload: String? = nil) async throws -> ReplayResult {
        guard let letter = try await store.read({ tx in try tx.deadLetter(id: id) }) else {
            throw EngineError("dead letter \(id) not found")
        }
        guard letter.status == "open" else { throw EngineError("dead letter \(id) is \(letter.status), not open") }
        guard let connector = connector(for: letter.vendor) else {
            throw EngineError("dead letter \(id): vendor \(letter.vendor) is not configured")
        }
        let now = environment.now()
        let result: ReplayResult
        if letter.direction == "push" {
            result = try await replayPush(letter, payload: payload, now: now)
        } else {
            result = try await replayPull(letter, connector: connector, payload: payload, now: now)
        }
        guard result == .applied else { return result }
        _ = try await planDirty()
        for connector in connectors { _ = try await drain(connector, into: PushReport(vendor: connector.vendor)) }
        if letter.direction == "push", let key = try? JSONDecoder().decode(Mutation.self, from: Data((payload ?? letter.payload).utf8)).idempotencyKey,
           let outcome = try await store.read({ tx in try tx.outboxStatus(idempotencyKey: key) }), outcome.status != "done" {
            return .stillFailing(reason: outcome.lastError ?? outcome.status)
        }
        return result
    }

    private func replayPull(_ letter: DeadLetter, connector: any VendorConnector, payload: String?, now: UTCMillis) async throws -> ReplayResult {
        let raw = payload ?? letter.payload
        let record = RejectedRecord(vendor: letter.vendor, stream: letter.stream, recordKey: letter.recordKey, reason: letter.reason, raw: raw)
        let item = try connector.remap(record)
        let applier = ChangeApplier(configuration: configuration, reconciler: Reconciler(policy: configuration.policy), runID: nil, now: now)
        return try await store.write { tx in
            let reason: String
            switch item {
            case let .rejected(again):
                reason = again.reason
            case let .change(change):
                do {
                    _ = try applier.apply(try applier.validated(change), in: tx)
                    try tx.updateDeadLetter(id: letter.id, status: "replayed", payload: raw, now: now)
                    return .applied
                } catch let error as NormalizationError {
                    reason = error.description
                }
            }
            try tx.updateDeadLetter(id: letter.id, status: "open", reason: reason, payload: raw, now: now)
            return .stillFailing(reason: reason)
        }
    }

    private func replayPush(_ letter: DeadLetter, payload: String?, now: UTCMillis) async throws -> ReplayResult {
        let mutation = try JSONDecoder().decode(Mutation.self, from: Data((payload ?? letter.payload).utf8))
        try await store.write { tx in
            try tx.requeueOutbox(idempotencyKey: mutation.idempotencyKey, now: now)
            try tx.updateDeadLetter(id: letter.id, status: "replayed", now: now)
        }
        return .applied
    }
}
