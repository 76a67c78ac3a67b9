import ConnectorKit
import Foundation
import SyncCore
import SyncStore

extension SyncEngine {
    /// Stores the decisions of one batch in one transaction: done entries update the vendor mirror (and link the
    /// vendor key of created records), retries get their next attempt, dead ones become dead letters.
    func record(
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
                    guard try tx.markOutboxDead(item.id, error: reason, now: now) else { continue }
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
    ///
    /// The entry's person is followed to the person it was merged into, if any (a merge can commit while the entry's
    /// batch is in flight: another batch's linked record, a pull or a webhook fetch).
    static func mirrorWrite(_ item: OutboxItem, createdKey: String?, vendor: VendorName, now: UTCMillis, in tx: StoreTransaction) throws {
        var item = item
        item.personID = try tx.survivor(of: item.personID)
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
