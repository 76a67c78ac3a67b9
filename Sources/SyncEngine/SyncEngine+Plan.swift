import ConnectorKit
import SyncCore
import SyncStore

extension SyncEngine {
    /// Plans the outbox for every person marked by a pull: for each vendor record (or a record to create) the
    /// mutations that bring it in line with the hub. Each batch of persons commits with its entries and the cleared
    /// marks in one transaction.
    /// - Returns: the number of new outbox entries per vendor.
    /// - Throws: store failures, cancellation, and `EngineAbort` from a checkpoint.
    /// - Important: safe to call from several tasks: each batch takes and clears its marks in one transaction.
    public func planDirty() async throws -> [VendorName: Int] {
        let targets = connectors.map { ($0.vendor, $0.pushCapabilities) }
        var planned: [VendorName: Int] = [:]
        while true {
            let now = environment.now()
            let checkpoint = environment.checkpoint
            let (count, batch) = try await store.write { tx -> (Int, [VendorName: Int]) in
                let ids = try tx.dirtyPersons(limit: 500)
                var batch: [VendorName: Int] = [:]
                for id in ids {
                    for mutation in try Self.plan(personID: id, targets: targets, in: tx) where try tx.enqueue(mutation, personID: id, now: now) {
                        batch[mutation.vendor, default: 0] += 1
                    }
                    try tx.clearDirty(id)
                }
                if !ids.isEmpty { try EngineEnvironment.step(checkpoint, .beforePlanCommit) }
                return (ids.count, batch)
            }
            try environment.step(.afterPlanCommit)
            planned.merge(batch, uniquingKeysWith: +)
            if count == 0 { return planned }
        }
    }

    /// The mutations for one person across `targets`.
    static func plan(
        personID: Int64, targets: [(VendorName, PushCapabilities)], in tx: StoreTransaction
    ) throws -> [Mutation] {
        let person = try tx.loadPerson(personID)
        let identities = try tx.identities(personID: personID)
        guard !identities.isEmpty else { return [] }
        var mutations: [Mutation] = []
        for (vendor, capabilities) in targets {
            let mine = identities.filter { $0.vendor == vendor }
            if mine.isEmpty {
                guard let email = person.state.attributes["email"]?.value else { continue }
                let primary = try? EmailAddress.normalize(email)
                mutations += PushPlanner.plan(
                    person: person.state, personRef: person.ref, revision: person.revision, vendor: vendor,
                    recordKey: nil, mirror: nil, capabilities: capabilities,
                    otherEmails: try tx.emails(personID: personID).filter { $0 != primary }
                )
                continue
            }
            for identity in mine where !identity.deleted {
                let mirror = try tx.mirror(vendor: vendor, recordKey: identity.recordKey)
                mutations += PushPlanner.plan(
                    person: person.state, personRef: person.ref, revision: person.revision, vendor: vendor,
                    recordKey: identity.recordKey, mirror: mirror, capabilities: capabilities
                )
            }
        }
        return mutations
    }
}
