import GRDB
import SyncCore

/// One outbox entry: a planned write to one vendor and its delivery state.
public struct OutboxItem: Sendable, Equatable {
    /// The entry's row id (ascending in planning order).
    public var id: Int64
    /// The hub person the write is for.
    public var personID: Int64
    /// The write, with its idempotency key.
    public var mutation: Mutation
    /// Delivery attempts made so far.
    public var attempts: Int
    /// Why the last attempt failed, if one did.
    public var lastError: String?
}

extension StoreTransaction {
    /// Enqueues `mutation` unless an entry with its idempotency key exists; a still-pending entry for the same slot
    /// (vendor record and payload kind/key) is superseded, so only the latest planned value is pushed.
    /// - Returns: `true` when a new entry was written.
    @discardableResult
    public func enqueue(_ mutation: Mutation, personID: Int64, now: UTCMillis) throws -> Bool {
        let slot = Self.slot(of: mutation)
        try execute("""
            INSERT OR IGNORE INTO outbox (idempotency_key, vendor, person_id, kind, slot, mutation, status, attempts,
                next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
            """, [mutation.idempotencyKey, mutation.vendor.rawValue, personID, mutation.payload.kind, slot, try OutboxMutationCodec.encode(mutation), now, now, now])
        guard changes > 0 else { return false }
        try execute("""
            UPDATE outbox SET status = 'superseded', updated_at = ? WHERE slot = ? AND status = 'pending' AND idempotency_key <> ?
            """, [now, slot, mutation.idempotencyKey])
        return true
    }

    /// The due-entries query: walks the partial index `outbox_pending` in id order and stops at the limit (without
    /// it SQLite sorted every pending entry of the vendor for each batch: 600,000 after a 1M first pass).
    static let dueOutboxSQL = """
        SELECT id, person_id, mutation, attempts, last_error FROM outbox INDEXED BY outbox_pending
        WHERE vendor = ? AND status = 'pending' AND next_attempt_at <= ?
            AND id NOT IN (SELECT value FROM json_each(?)) AND person_id NOT IN (SELECT value FROM json_each(?))
        ORDER BY id LIMIT ?
        """

    /// Pending entries of `vendor` due at `now`, oldest first (by id), at most `limit`.
    ///
    /// - Parameters:
    ///   - excludingIDs: entry ids left out (those of the batches in flight).
    ///   - excludingPersons: person ids whose entries are all left out (the persons of the batches in flight).
    ///   Both sets pass to SQLite as one JSON array each, so their size is not bound by SQLite's variable limit.
    public func dueOutbox(
        vendor: VendorName, now: UTCMillis, limit: Int, excludingIDs: Set<Int64> = [], excludingPersons: Set<Int64> = []
    ) throws -> [OutboxItem] {
        try Row.fetchAll(db.cachedStatement(sql: Self.dueOutboxSQL), arguments: [
            vendor.rawValue, now, Self.jsonArray(excludingIDs), Self.jsonArray(excludingPersons), limit,
        ]).map { row in
            OutboxItem(
                id: row["id"], personID: row["person_id"], mutation: try OutboxMutationCodec.decode(row["mutation"]),
                attempts: row["attempts"], lastError: row["last_error"]
            )
        }
    }

    /// Marks an entry delivered. `last_error` keeps the reason of an earlier failed attempt, if any, so an entry
    /// delivered on a retry still says why it was retried. An entry superseded while its batch was in flight keeps
    /// the status `superseded` (its attempt is counted).
    public func markOutboxDone(_ id: Int64, now: UTCMillis) throws {
        try execute("""
            UPDATE outbox SET status = CASE status WHEN 'pending' THEN 'done' ELSE status END, attempts = attempts + 1,
                updated_at = ? WHERE id = ?
            """, [now, id])
    }

    /// Records a failed attempt and when to try again.
    public func markOutboxRetry(_ id: Int64, error: String, nextAttemptAt: UTCMillis, now: UTCMillis) throws {
        try execute("""
            UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?
            """, [error, nextAttemptAt, now, id])
    }

    /// Moves a pending entry out of the queue as a dead letter (the dead-letter row is written by the caller).
    /// - Returns: `false` when the entry was no longer pending (superseded by a newer write while its batch was in
    ///   flight): it keeps its status and needs no dead letter.
    @discardableResult
    public func markOutboxDead(_ id: Int64, error: String, now: UTCMillis) throws -> Bool {
        try execute("""
            UPDATE outbox SET status = CASE status WHEN 'pending' THEN 'dead' ELSE status END, attempts = attempts + 1,
                last_error = ?, updated_at = ? WHERE id = ?
            """, [error, now, id])
        return try Bool.fetchOne(db.cachedStatement(sql: "SELECT status = 'dead' FROM outbox WHERE id = ?"), arguments: [id]) ?? false
    }

    /// Closes an entry whose record to create already existed under `recordKey` (status `linked`, nothing written).
    public func markOutboxLinked(_ id: Int64, recordKey: String, now: UTCMillis) throws {
        try execute("""
            UPDATE outbox SET status = CASE status WHEN 'pending' THEN 'linked' ELSE status END, attempts = attempts + 1,
                last_error = ?, updated_at = ? WHERE id = ?
            """, ["existed as \(recordKey)", now, id])
    }

    /// Puts an entry back in the queue, due now (dead-letter replay).
    public func requeueOutbox(idempotencyKey: String, now: UTCMillis) throws {
        try execute("""
            UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE idempotency_key = ?
            """, [now, now, idempotencyKey])
    }

    /// Number of pending entries, for one vendor or all.
    public func outboxDepth(vendor: VendorName? = nil) throws -> Int {
        if let vendor {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND vendor = ?", arguments: [vendor.rawValue]) ?? 0
        }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0
    }

    /// Number of entries per status (`pending`, `done`, `dead`, `superseded`) for `vendor`.
    public func outboxCounts(vendor: VendorName) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM outbox WHERE vendor = ? GROUP BY status", arguments: [vendor.rawValue]) {
            counts[row["status"]] = row["n"]
        }
        return counts
    }

    /// `ids` as a JSON array of numbers, ascending (`[]` when empty).
    static func jsonArray(_ ids: Set<Int64>) -> String {
        "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
    }

    static func slot(of mutation: Mutation) -> String {
        let record = mutation.recordKey ?? "new:\(mutation.personRef)"
        switch mutation.payload {
        case .attributes: return "\(mutation.vendor)|\(record)|attributes"
        case let .consent(key, _): return "\(mutation.vendor)|\(record)|consent|\(key)"
        case let .suppression(suppression): return "\(mutation.vendor)|\(record)|suppression|\(suppression.channel.rawValue)/\(suppression.reason.rawValue)"
        case let .event(event): return "\(mutation.vendor)|event|\(event.vendor)|\(event.eventKey)"
        }
    }
}

extension StoreTransaction {
    /// The earliest next attempt time of `vendor`'s pending entries, if any.
    public func nextAttemptAt(vendor: VendorName) throws -> UTCMillis? {
        try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM outbox WHERE vendor = ? AND status = 'pending'", arguments: [vendor.rawValue])
    }
}

extension StoreTransaction {
    /// The status of the outbox entry with `idempotencyKey` (`pending`, `done`, `dead`, `superseded`) and its last error.
    public func outboxStatus(idempotencyKey: String) throws -> (status: String, lastError: String?)? {
        try Row.fetchOne(db, sql: "SELECT status, last_error FROM outbox WHERE idempotency_key = ?", arguments: [idempotencyKey])
            .map { ($0["status"], $0["last_error"]) }
    }
}

extension StoreTransaction {
    /// Pending entries of every vendor, oldest first, at most `limit` (the plan a dry run prints).
    public func pendingOutbox(limit: Int) throws -> [OutboxItem] {
        try Row.fetchAll(db, sql: """
            SELECT id, person_id, mutation, attempts, last_error FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?
            """, arguments: [limit]).map { row in
            OutboxItem(id: row["id"], personID: row["person_id"], mutation: try OutboxMutationCodec.decode(row["mutation"]),
                       attempts: row["attempts"], lastError: row["last_error"])
        }
    }
}
