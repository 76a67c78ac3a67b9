import SyncCore
import SyncStore

/// Applies one pulled item inside the page transaction: validation, identity resolution (including merges),
/// reconciliation, mirror, diffs, events and the planning mark. Dead-letters what cannot be applied.
struct ChangeApplier {
    let configuration: EngineConfiguration
    let reconciler: Reconciler
    let runID: Int64?
    let now: UTCMillis

    /// What applying one item did.
    struct Effect: Sendable {
        var applied = 0
        var deadLettered = 0
        var diffs = 0
        var eventsStored = 0
        var consentDiffs = 0
    }

    func apply(_ item: PulledItem, in tx: StoreTransaction) throws -> Effect {
        switch item {
        case let .rejected(record):
            try deadLetter(record, in: tx)
            return Effect(deadLettered: 1)
        case let .change(change):
            do {
                return try apply(try validated(change), in: tx)
            } catch let error as NormalizationError {
                try deadLetter(RejectedRecord(
                    vendor: change.vendor, stream: change.stream, recordKey: change.recordKey,
                    reason: error.description, raw: change.raw ?? "{}"
                ), in: tx)
                return Effect(deadLettered: 1)
            }
        }
    }

    func deadLetter(_ record: RejectedRecord, in tx: StoreTransaction) throws {
        try tx.addDeadLetter(
            direction: "pull", vendor: record.vendor, stream: record.stream, recordKey: record.recordKey,
            reason: record.reason, payload: record.raw, now: now
        )
    }

    /// Checks sizes, emails and phones; returns the change with normalised phone numbers.
    /// - Throws: `NormalizationError` naming the field.
    func validated(_ change: RemoteChange) throws -> RemoteChange {
        var change = change
        for (field, value) in change.attributes {
            if let text = value.value, text.utf8.count > configuration.maxFieldBytes {
                throw NormalizationError(
                    field: field, reason: "value of \(text.utf8.count) bytes exceeds the \(configuration.maxFieldBytes)-byte limit"
                )
            }
        }
        if let email = change.email, !email.isEmpty { _ = try EmailAddress.normalize(email) }
        if let email = change.attributes["email"]?.value, !email.isEmpty { _ = try EmailAddress.normalize(email) }
        if let phone = change.attributes["phone"]?.value, !phone.isEmpty {
            change.attributes["phone"]?.value = try PhoneNumber.normalize(phone, defaultCountryCode: configuration.defaultCountryCode)
        }
        if change.recordKey == nil, change.email == nil {
            throw NormalizationError(field: "record", reason: "neither a record key nor an email")
        }
        return change
    }

    /// Applies a change that passed `validated(_:)`.
    func apply(_ change: RemoteChange, in tx: StoreTransaction) throws -> Effect {
        var effect = Effect(applied: 1)
        if change.deleted, let key = change.recordKey, try tx.personID(vendor: change.vendor, recordKey: key) == nil {
            return effect
        }
        let email = try change.email.flatMap { $0.isEmpty ? nil : try EmailAddress.normalize($0) }
        let personID = try resolvePerson(change, email: email, in: tx, effect: &effect)
        if let key = change.recordKey {
            try tx.linkIdentity(vendor: change.vendor, recordKey: key, personID: personID, aliases: change.aliases, now: now)
            if change.deleted {
                try tx.markIdentityDeleted(vendor: change.vendor, recordKey: key, now: now)
                return effect
            }
        }
        if let email { try tx.linkEmail(email, personID: personID) }
        for other in change.additionalEmails.compactMap({ try? EmailAddress.normalize($0) }) {
            try tx.linkEmail(other, personID: personID)
        }
        for merged in change.mergedKeys {
            try tx.linkIdentity(vendor: change.vendor, recordKey: merged, personID: personID, aliases: [:], now: now)
            try tx.markIdentityDeleted(vendor: change.vendor, recordKey: merged, now: now)
        }
        let mirrorKey = change.recordKey ?? "email:\(email ?? "")"
        var mirror = try tx.mirror(vendor: change.vendor, recordKey: mirrorKey)
        var change = change
        if let email, change.recordKey != nil { try dateUntimedOptOuts(&change, email: email, in: tx) }
        let stored = try tx.loadPerson(personID)
        var state = stored.state
        let before = mirror
        let diffs = reconciler.apply(change, to: &state, mirror: &mirror, now: now)
        if let mirror { try tx.saveMirror(mirror, vendor: change.vendor, recordKey: mirrorKey, personID: personID) }
        // The vendor record now holds something else than before (or is new): plan it even without a hub diff, so a
        // record that lost to the hub is brought in line.
        let recordChanged = change.recordKey != nil && mirror?.sameContent(as: before) != true
        let saved = try save(
            personID, old: stored.state, new: state, diffs: diffs, vendor: change.vendor, stream: change.stream,
            linkedEmail: email, in: tx
        )
        if recordChanged, !saved { try tx.markDirty(personID) }
        effect.diffs += diffs.count
        effect.consentDiffs += diffs.filter { $0.subject.hasPrefix("consent:") }.count
        for event in change.events where try tx.insertEvent(event, personID: personID) { effect.eventsStored += 1 }
        return effect
    }

    /// An opt-out the vendor reports without a time (e.g. a Braze profile's `unsubscribed`) takes the time the same
    /// vendor gave for the same address's opt-out elsewhere (e.g. Braze's unsubscribe list), instead of "now".
    private func dateUntimedOptOuts(_ change: inout RemoteChange, email: String, in tx: StoreTransaction) throws {
        guard change.consent.contains(where: { $0.at == nil && $0.state == .optedOut }),
              let listed = try tx.mirror(vendor: change.vendor, recordKey: "email:\(email)") else { return }
        for index in change.consent.indices where change.consent[index].at == nil && change.consent[index].state == .optedOut {
            let key = change.consent[index].key
            if listed.consent[key] == .optedOut, let at = listed.consentAt[key] { change.consent[index].at = at }
        }
    }

    /// Writes the person's changed rows, the diffs and the planning mark; `false` when nothing changed.
    /// `linkedEmail` is the address already pointed at the person by this change.
    private func save(
        _ personID: Int64, old: PersonState, new: PersonState, diffs: [Diff], vendor: VendorName, stream: String,
        linkedEmail: String?, in tx: StoreTransaction
    ) throws -> Bool {
        guard !diffs.isEmpty || old != new else { return false }
        var reasons: [ConsentKey: String] = [:]
        for diff in diffs where diff.subject.hasPrefix("consent:") {
            for key in new.consent.keys where "consent:\(key)" == diff.subject { reasons[key] = diff.reason }
        }
        try tx.savePerson(personID, old: old, new: new, reasons: reasons, now: now)
        try tx.appendDiffs(diffs, personID: personID, vendor: vendor, stream: stream, runID: runID, now: now)
        if let email = new.attributes["email"]?.value, let normalized = try? EmailAddress.normalize(email), normalized != linkedEmail {
            try tx.linkEmail(normalized, personID: personID)
        }
        try tx.markDirty(personID)
        return true
    }

    /// Finds the person of a change: by vendor key, else by email, else a new person. Other persons the change
    /// proves to be the same (same email, vendor-side merge) are folded into it.
    private func resolvePerson(_ change: RemoteChange, email: String?, in tx: StoreTransaction, effect: inout Effect) throws -> Int64 {
        var candidates: [Int64] = []
        if let key = change.recordKey, let id = try tx.personID(vendor: change.vendor, recordKey: key) { candidates.append(id) }
        if let email, let id = try tx.personID(email: email) { candidates.append(id) }
        let additional = change.additionalEmails.compactMap { try? EmailAddress.normalize($0) }
        for other in additional { if let id = try tx.personID(email: other) { candidates.append(id) } }
        for merged in change.mergedKeys {
            if let id = try tx.personID(vendor: change.vendor, recordKey: merged) { candidates.append(id) }
        }
        candidates = try candidates.map { try tx.survivor(of: $0) }
        var unique: [Int64] = []
        for id in candidates where !unique.contains(id) { unique.append(id) }
        guard let winner = unique.min() else {
            let seed = "\(change.vendor):\(change.recordKey ?? email ?? "")"
            let id = try tx.createPerson(ref: "vs-" + IdempotencyKey.make(seed), now: now)
            try tx.markDirty(id)
            return id
        }
        for loser in unique where loser != winner {
            let target = try tx.loadPerson(winner)
            let other = try tx.loadPerson(loser)
            var merged = target.state
            let diffs = reconciler.merge(other.state, into: &merged)
            try tx.mergePerson(loser, into: winner, now: now)
            _ = try save(
                winner, old: target.state, new: merged, diffs: diffs, vendor: change.vendor, stream: change.stream,
                linkedEmail: nil, in: tx
            )
            try tx.markDirty(winner)
            try tx.clearDirty(loser)
            effect.diffs += diffs.count
        }
        return winner
    }
}
