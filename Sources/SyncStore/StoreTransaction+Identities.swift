import GRDB
import SyncCore

/// One vendor key of a person.
public struct Identity: Sendable, Equatable {
    public var vendor: VendorName
    public var recordKey: String
    public var deleted: Bool
}

extension StoreTransaction {
    /// Points the vendor record at `personID` (re-pointing it if it belonged to another person) and keeps its aliases.
    ///
    /// A link that already says the same is left as it is (no row or index write); `updated_at` is when it last changed.
    public func linkIdentity(vendor: VendorName, recordKey: String, personID: Int64, aliases: [String: String], now: UTCMillis) throws {
        try execute("""
            INSERT INTO identities (vendor, record_key, person_id, aliases, deleted, updated_at) VALUES (?, ?, ?, ?, 0, ?)
            ON CONFLICT (vendor, record_key) DO UPDATE SET person_id = excluded.person_id,
                aliases = COALESCE(excluded.aliases, identities.aliases), deleted = 0, updated_at = excluded.updated_at
            WHERE identities.person_id <> excluded.person_id OR identities.deleted <> 0
                OR (excluded.aliases IS NOT NULL AND excluded.aliases IS NOT identities.aliases)
            """, [vendor.rawValue, recordKey, personID, aliases.isEmpty ? nil : try Self.json(aliases), now])
    }

    /// Marks a vendor record as deleted or archived at the vendor; the person and its consent history stay.
    public func markIdentityDeleted(vendor: VendorName, recordKey: String, now: UTCMillis) throws {
        try execute("UPDATE identities SET deleted = 1, updated_at = ? WHERE vendor = ? AND record_key = ?", [now, vendor.rawValue, recordKey])
    }

    /// Points a normalised email at `personID`.
    public func linkEmail(_ email: String, personID: Int64) throws {
        try execute("""
            INSERT INTO emails (email, person_id) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET person_id = excluded.person_id
            WHERE emails.person_id <> excluded.person_id
            """, [email, personID])
    }

    /// The vendor keys of a person, ordered by vendor then key.
    public func identities(personID: Int64) throws -> [Identity] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT vendor, record_key, deleted FROM identities WHERE person_id = ? ORDER BY vendor, record_key"),
            arguments: [personID]
        ).map { Identity(vendor: VendorName(rawValue: $0["vendor"]), recordKey: $0["record_key"], deleted: $0["deleted"]) }
    }

    /// Known, not deleted keys of `vendor` after `after` (exclusive), ascending, at most `limit`.
    public func recordKeys(vendor: VendorName, after: String?, limit: Int) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT record_key FROM identities WHERE vendor = ? AND deleted = 0 AND record_key > ? ORDER BY record_key LIMIT ?
            """), arguments: [vendor.rawValue, after ?? "", limit])
    }

    /// The normalised emails of a person.
    public func emails(personID: Int64) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT email FROM emails WHERE person_id = ? ORDER BY email"), arguments: [personID])
    }

    /// The last state seen from or written to a vendor record.
    public func mirror(vendor: VendorName, recordKey: String) throws -> MirrorState? {
        guard let value = try DatabaseValue.fetchOne(
            db.cachedStatement(sql: "SELECT state FROM mirrors WHERE vendor = ? AND record_key = ?"),
            arguments: [vendor.rawValue, recordKey]
        ) else { return nil }
        switch value.storage {
        case let .blob(data): return try MirrorCodec.decode(.blob(data))
        case let .string(text): return try MirrorCodec.decode(.json(text))
        default: throw StoreError("mirror state of \(vendor) record is neither a BLOB nor JSON text")
        }
    }

    /// Stores the last state seen from or written to a vendor record.
    public func saveMirror(_ mirror: MirrorState, vendor: VendorName, recordKey: String, personID: Int64) throws {
        try execute("""
            INSERT INTO mirrors (vendor, record_key, person_id, state, seen_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (vendor, record_key) DO UPDATE SET person_id = excluded.person_id, state = excluded.state,
                seen_at = excluded.seen_at
            """, [vendor.rawValue, recordKey, personID, MirrorCodec.encode(mirror), mirror.seenAt])
    }

    /// Stores a send event once per (vendor, event key); returns `false` when it was already stored.
    public func insertEvent(_ event: SendEvent, personID: Int64?) throws -> Bool {
        try execute("""
            INSERT OR IGNORE INTO send_events (vendor, event_key, person_id, type, at, email, campaign, vendor_type)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [event.vendor.rawValue, event.eventKey, personID, event.type.rawValue, event.at, event.email, event.campaign, event.vendorType])
        return changes > 0
    }

    /// Number of stored send events, optionally for one vendor.
    public func eventCount(vendor: VendorName? = nil) throws -> Int {
        if let vendor {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM send_events WHERE vendor = ?", arguments: [vendor.rawValue]) ?? 0
        }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM send_events") ?? 0
    }

    /// The stored cursor of a stream: its version and JSON value.
    public func cursor(vendor: VendorName, stream: String) throws -> (version: Int, json: String)? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT version, value FROM cursors WHERE vendor = ? AND stream = ?"),
            arguments: [vendor.rawValue, stream]
        ) else { return nil }
        return (row["version"], row["value"])
    }

    /// Stores a stream's cursor. Call it in the transaction that stores what the page covered.
    public func saveCursor(vendor: VendorName, stream: String, version: Int, json: String, now: UTCMillis) throws {
        try execute("""
            INSERT INTO cursors (vendor, stream, version, value, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (vendor, stream) DO UPDATE SET version = excluded.version, value = excluded.value,
                updated_at = excluded.updated_at
            """, [vendor.rawValue, stream, version, json, now])
    }

    /// Appends diffs to the trail.
    public func appendDiffs(_ diffs: [Diff], personID: Int64, vendor: VendorName, stream: String, runID: Int64?, now: UTCMillis) throws {
        for diff in diffs {
            try execute("""
                INSERT INTO diffs (run_id, person_id, vendor, stream, subject, old, new, source, at, reason, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [runID, personID, vendor.rawValue, stream, diff.subject, diff.old, diff.new, diff.source.rawValue, diff.at, diff.reason, now])
        }
    }
}

extension StoreTransaction {
    /// Marks a person for outbox planning (written in the page transaction that changed it).
    public func markDirty(_ personID: Int64) throws {
        try execute("INSERT OR IGNORE INTO dirty_persons (person_id) VALUES (?)", [personID])
    }

    /// Persons waiting for outbox planning, ascending, at most `limit`.
    public func dirtyPersons(limit: Int) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT person_id FROM dirty_persons ORDER BY person_id LIMIT ?"), arguments: [limit])
    }

    /// Clears a person's planning mark (in the transaction that enqueued its mutations).
    public func clearDirty(_ personID: Int64) throws {
        try execute("DELETE FROM dirty_persons WHERE person_id = ?", [personID])
    }

    /// The person a merged-away id now belongs to (follows `merged_into`), or the id itself.
    public func survivor(of personID: Int64) throws -> Int64 {
        var current = personID
        for _ in 0..<32 {
            guard let next = try Int64.fetchOne(db.cachedStatement(sql: "SELECT merged_into FROM persons WHERE id = ?"), arguments: [current])
            else { return current }
            current = next
        }
        return current
    }
}
