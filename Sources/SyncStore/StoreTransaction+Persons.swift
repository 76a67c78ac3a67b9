import GRDB
import SyncCore

/// A person as stored: row id, stable reference, hub revision and agreed state.
public struct StoredPerson: Sendable, Equatable {
    public var id: Int64
    /// Stable, opaque person id (used to mint vendor keys for records VendorSync creates).
    public var ref: String
    /// Incremented on every hub change of the person.
    public var revision: Int64
    public var state: PersonState
}

extension StoreTransaction {
    /// The person a vendor record belongs to, if known.
    public func personID(vendor: VendorName, recordKey: String) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT person_id FROM identities WHERE vendor = ? AND record_key = ?"),
            arguments: [vendor.rawValue, recordKey]
        )
    }

    /// The person a normalised email belongs to, if known.
    public func personID(email: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT person_id FROM emails WHERE email = ?"), arguments: [email])
    }

    /// Creates an empty person with reference `ref` (made unique with a suffix if taken); returns its row id.
    public func createPerson(ref: String, now: UTCMillis) throws -> Int64 {
        var candidate = ref
        var suffix = 1
        while try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM persons WHERE ref = ?"), arguments: [candidate]) != nil {
            suffix += 1
            candidate = "\(ref)-\(suffix)"
        }
        try execute("INSERT INTO persons (ref, revision, created_at, updated_at) VALUES (?, 0, ?, ?)", [candidate, now, now])
        return db.lastInsertedRowID
    }

    /// Loads a person's agreed state.
    /// - Throws: `StoreError` when no such person exists.
    public func loadPerson(_ id: Int64) throws -> StoredPerson {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT ref, revision FROM persons WHERE id = ?"), arguments: [id]
        ) else { throw StoreError("person \(id) not found") }
        var state = PersonState()
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT field, value, at, source FROM attributes WHERE person_id = ?"), arguments: [id]
        ) {
            state.attributes[row["field"]] = AttributeRecord(
                value: row["value"], at: row["at"], source: VendorName(rawValue: row["source"])
            )
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT channel, topic, state, at, source, legal_basis, evidence FROM consent WHERE person_id = ?
            """), arguments: [id]) {
            guard let channel = Channel(rawValue: row["channel"]), let consent = ConsentState(rawValue: row["state"])
            else { continue }
            state.consent[ConsentKey(channel: channel, topic: row["topic"])] = ConsentRecord(
                state: consent, at: row["at"], source: VendorName(rawValue: row["source"]),
                legalBasis: row["legal_basis"], evidence: row["evidence"]
            )
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT channel, reason, at, source FROM suppressions WHERE person_id = ? ORDER BY at, channel, reason
            """), arguments: [id]) {
            guard let channel = Channel(rawValue: row["channel"]), let reason = SuppressionReason(rawValue: row["reason"])
            else { continue }
            state.suppressions.append(Suppression(channel: channel, reason: reason, at: row["at"], source: VendorName(rawValue: row["source"])))
        }
        return StoredPerson(id: id, ref: row["ref"], revision: row["revision"], state: state)
    }

    /// Writes the rows of `new` that differ from `old`, appends consent history for every ledger change, and bumps
    /// the person's revision when anything changed.
    /// - Returns: the person's revision after the write.
    @discardableResult
    public func savePerson(_ id: Int64, old: PersonState, new: PersonState, reasons: [ConsentKey: String], now: UTCMillis) throws -> Int64 {
        guard old != new else {
            return try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM persons WHERE id = ?"), arguments: [id]) ?? 0
        }
        for (field, record) in new.attributes where old.attributes[field] != record {
            try execute("""
                INSERT INTO attributes (person_id, field, value, at, source) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (person_id, field) DO UPDATE SET value = excluded.value, at = excluded.at, source = excluded.source
                """, [id, field, record.value, record.at, record.source.rawValue])
        }
        for field in old.attributes.keys where new.attributes[field] == nil {
            try execute("DELETE FROM attributes WHERE person_id = ? AND field = ?", [id, field])
        }
        for (key, record) in new.consent where old.consent[key] != record {
            let arguments: StatementArguments = [
                id, key.channel.rawValue, key.topic, record.state.rawValue, record.at, record.source.rawValue,
                record.legalBasis, record.evidence,
            ]
            try execute("""
                INSERT INTO consent (person_id, channel, topic, state, at, source, legal_basis, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (person_id, channel, topic) DO UPDATE SET state = excluded.state, at = excluded.at,
                    source = excluded.source, legal_basis = excluded.legal_basis, evidence = excluded.evidence
                """, arguments)
            try execute("""
                INSERT INTO consent_history (person_id, channel, topic, state, at, source, legal_basis, evidence, reason, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments + [reasons[key] ?? "changed", now])
        }
        for suppression in new.suppressions where !old.suppressions.contains(suppression) {
            try execute("""
                INSERT OR IGNORE INTO suppressions (person_id, channel, reason, at, source) VALUES (?, ?, ?, ?, ?)
                """, [id, suppression.channel.rawValue, suppression.reason.rawValue, suppression.at, suppression.source.rawValue])
        }
        try execute("UPDATE persons SET revision = revision + 1, updated_at = ? WHERE id = ?", [now, id])
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM persons WHERE id = ?"), arguments: [id]) ?? 0
    }

    /// Folds person `loser` into `winner`: identities, emails, mirrors, events and pending outbox items move to the
    /// winner; the loser's state rows are removed and it keeps only `merged_into`. The caller saves the merged state.
    public func mergePerson(_ loser: Int64, into winner: Int64, now: UTCMillis) throws {
        for table in ["identities", "emails", "mirrors", "send_events", "outbox", "diffs"] {
            try execute("UPDATE \(table) SET person_id = ? WHERE person_id = ?", [winner, loser])
        }
        for table in ["attributes", "consent", "suppressions"] {
            try execute("DELETE FROM \(table) WHERE person_id = ?", [loser])
        }
        try execute("UPDATE persons SET merged_into = ?, updated_at = ? WHERE id = ?", [winner, now, loser])
    }

    /// Number of persons (not merged away).
    public func personCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM persons WHERE merged_into IS NULL") ?? 0
    }

    /// The ids of all persons not merged away, ascending.
    public func personIDs() throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM persons WHERE merged_into IS NULL ORDER BY id")
    }
}
