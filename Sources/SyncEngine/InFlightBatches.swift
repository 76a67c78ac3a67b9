import SyncCore
import SyncStore

/// The push batches of one vendor in flight, and what each holds: its outbox entry ids, its persons, and its
/// targets (the person refs, vendor record keys and addresses its mutations write or look up).
///
/// A new batch takes only entries that share none of these with a batch in flight, so no entry is pushed twice at
/// once, a record is never created by two batches, two batches never write one vendor record or address, and one
/// person's entries keep their order. An entry left out waits until the batch holding its person or target is
/// closed, which the drainer does only after that batch's outcomes have committed.
struct InFlightBatches {
    private var batches: [Int: Claim] = [:]
    private var nextNumber = 0
    /// The outbox entry ids of every batch in flight.
    private(set) var ids: Set<Int64> = []
    /// The persons of every batch in flight.
    private(set) var persons: Set<Int64> = []
    private var targets: Set<String> = []

    private struct Claim {
        var ids: [Int64]
        var persons: Set<Int64>
        var targets: Set<String>
    }

    /// Batches in flight.
    var count: Int { batches.count }
    var isEmpty: Bool { batches.isEmpty }

    /// The entries of `window` (due entries, oldest first) a new batch may take, in their order: an entry held by a
    /// batch in flight, or of a person or with a target a batch in flight holds, is left out, and so is every later
    /// entry of its person.
    func admissible(_ window: [OutboxItem]) -> [OutboxItem] {
        var blocked = persons
        var admitted: [OutboxItem] = []
        for item in window {
            if blocked.contains(item.personID) { continue }
            if ids.contains(item.id) || Self.targets(of: item.mutation).contains(where: targets.contains) {
                blocked.insert(item.personID)
                continue
            }
            admitted.append(item)
        }
        return admitted
    }

    /// Puts `batch` in flight (its entries must come from `admissible`).
    /// - Returns: the batch's number, for `close(_:)`.
    mutating func open(_ batch: [OutboxItem]) -> Int {
        nextNumber += 1
        let claim = Claim(
            ids: batch.map(\.id), persons: Set(batch.map(\.personID)),
            targets: Set(batch.flatMap { Self.targets(of: $0.mutation) })
        )
        batches[nextNumber] = claim
        ids.formUnion(claim.ids)
        persons.formUnion(claim.persons)
        targets.formUnion(claim.targets)
        return nextNumber
    }

    /// Releases batch `number`'s entries, persons and targets (no two batches in flight share any of them).
    mutating func close(_ number: Int) {
        guard let claim = batches.removeValue(forKey: number) else { return }
        ids.subtract(claim.ids)
        persons.subtract(claim.persons)
        targets.subtract(claim.targets)
    }

    /// What `mutation` writes or looks up at the vendor: its person ref (the key of a record it may create), its
    /// record key, and every address it carries or sets (normalised).
    static func targets(of mutation: Mutation) -> [String] {
        var targets = ["ref:" + mutation.personRef]
        if let key = mutation.recordKey, !key.isEmpty { targets.append("record:" + key) }
        var addresses = [mutation.email].compactMap { $0 } + mutation.otherEmails
        if case let .attributes(fields) = mutation.payload, let email = fields["email"] { addresses.append(email) }
        for address in addresses where !address.isEmpty {
            targets.append("email:" + ((try? EmailAddress.normalize(address)) ?? address.lowercased()))
        }
        return targets
    }
}
