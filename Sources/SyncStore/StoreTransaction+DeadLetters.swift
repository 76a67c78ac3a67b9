import GRDB
import SyncCore

/// A record that could not be applied (pulled) or was refused by a vendor (pushed), kept with its reason.
public struct DeadLetter: Sendable, Equatable, Codable {
    /// `pull` (a vendor record the hub could not apply) or `push` (a mutation the vendor refused).
    public var direction: String
    public var id: Int64
    public var vendor: VendorName
    public var stream: String
    public var recordKey: String?
    public var reason: String
    /// For `pull`: the vendor payload as received. For `push`: the mutation as JSON.
    public var payload: String
    /// `open`, `replayed` (applied on replay) or `resolved`.
    public var status: String
    public var attempts: Int
    /// When it was first dead-lettered (UTC ms).
    public var createdAt: UTCMillis
}

extension StoreTransaction {
    /// Records a dead letter; an identical open one (same direction, vendor, stream, key, reason and payload) is not
    /// duplicated. Returns the dead letter's id.
    @discardableResult
    public func addDeadLetter(
        direction: String, vendor: VendorName, stream: String, recordKey: String?, reason: String, payload: String,
        now: UTCMillis
    ) throws -> Int64 {
        let fingerprint = IdempotencyKey.make(direction, vendor.rawValue, stream, recordKey ?? "", reason, payload)
        try execute("""
            INSERT INTO dead_letters (direction, vendor, stream, record_key, reason, payload, fingerprint, status, attempts,
                created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?)
            ON CONFLICT (fingerprint) WHERE status = 'open' DO UPDATE SET attempts = attempts + 1, updated_at = excluded.updated_at
            """, [direction, vendor.rawValue, stream, recordKey, reason, payload, fingerprint, now, now])
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM dead_letters WHERE fingerprint = ? AND status = 'open'"),
                                  arguments: [fingerprint]) ?? db.lastInsertedRowID
    }

    /// Dead letters, newest first; `status` filters when given.
    public func deadLetters(status: String? = "open", limit: Int = 1000) throws -> [DeadLetter] {
        let filter = status == nil ? "" : "WHERE status = ?"
        let arguments: StatementArguments = status.map { [$0, limit] } ?? [limit]
        return try Row.fetchAll(db, sql: """
            SELECT * FROM dead_letters \(filter) ORDER BY id DESC LIMIT ?
            """, arguments: arguments).map(Self.deadLetter)
    }

    /// One dead letter by id.
    public func deadLetter(id: Int64) throws -> DeadLetter? {
        try Row.fetchOne(db, sql: "SELECT * FROM dead_letters WHERE id = ?", arguments: [id]).map(Self.deadLetter)
    }

    /// Sets a dead letter's status (`replayed`, `resolved`, or back to `open` with a new reason) and payload.
    public func updateDeadLetter(id: Int64, status: String, reason: String? = nil, payload: String? = nil, now: UTCMillis) throws {
        try execute("""
            UPDATE dead_letters SET status = ?, reason = COALESCE(?, reason), payload = COALESCE(?, payload),
                attempts = attempts + 1, updated_at = ? WHERE id = ?
            """, [status, reason, payload, now, id])
    }

    /// Number of open dead letters per (vendor, stream), as `vendor/stream`.
    public func openDeadLetterCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT vendor, stream, COUNT(*) AS n FROM dead_letters WHERE status = 'open' GROUP BY vendor, stream") {
            counts["\(row["vendor"] as String)/\(row["stream"] as String)"] = row["n"]
        }
        return counts
    }

    private static func deadLetter(_ row: Row) -> DeadLetter {
        DeadLetter(
            direction: row["direction"], id: row["id"], vendor: VendorName(rawValue: row["vendor"]), stream: row["stream"],
            recordKey: row["record_key"], reason: row["reason"], payload: row["payload"], status: row["status"],
            attempts: row["attempts"], createdAt: row["created_at"]
        )
    }
}
