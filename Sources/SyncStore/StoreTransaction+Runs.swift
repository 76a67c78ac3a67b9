import GRDB
import SyncCore

/// One entry of the diff trail as stored.
public struct StoredDiff: Sendable, Equatable, Codable {
    public var id: Int64
    public var runID: Int64?
    public var personID: Int64
    /// The vendor and stream whose pull produced it.
    public var vendor: VendorName
    public var stream: String
    public var diff: Diff
    /// When it was written (UTC ms).
    public var recordedAt: UTCMillis
}

extension StoreTransaction {
    /// Starts a run of `command`; returns its id.
    public func startRun(command: String, now: UTCMillis) throws -> Int64 {
        try execute("INSERT INTO runs (command, started_at, status) VALUES (?, ?, 'running')", [command, now])
        return db.lastInsertedRowID
    }

    /// Finishes a run with a status (`ok`, `failed`) and a JSON summary.
    public func finishRun(_ id: Int64, status: String, summary: String, now: UTCMillis) throws {
        try execute("UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?", [now, status, summary, id])
    }

    /// The latest runs, newest first: (id, command, started, finished, status, summary).
    public func recentRuns(limit: Int) throws -> [(id: Int64, command: String, startedAt: UTCMillis, finishedAt: UTCMillis?, status: String, summary: String?)] {
        try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
            ($0["id"], $0["command"], $0["started_at"], $0["finished_at"], $0["status"], $0["summary"])
        }
    }

    /// The diff trail of a person, oldest first.
    public func diffs(personID: Int64) throws -> [StoredDiff] {
        try Row.fetchAll(db, sql: "SELECT * FROM diffs WHERE person_id = ? ORDER BY id", arguments: [personID]).map(Self.storedDiff)
    }

    /// Number of diffs written by a run (all runs when `runID` is nil).
    public func diffCount(runID: Int64? = nil) throws -> Int {
        if let runID {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM diffs WHERE run_id = ?", arguments: [runID]) ?? 0
        }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM diffs") ?? 0
    }

    /// Diffs of a run whose subject starts with `prefix` (e.g. `consent:`), oldest first, at most `limit`.
    public func diffs(runID: Int64, subjectPrefix: String, limit: Int) throws -> [StoredDiff] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM diffs WHERE run_id = ? AND subject LIKE ? ORDER BY id LIMIT ?
            """, arguments: [runID, subjectPrefix + "%", limit]).map(Self.storedDiff)
    }

    private static func storedDiff(_ row: Row) -> StoredDiff {
        StoredDiff(
            id: row["id"], runID: row["run_id"], personID: row["person_id"], vendor: VendorName(rawValue: row["vendor"]),
            stream: row["stream"],
            diff: Diff(subject: row["subject"], old: row["old"], new: row["new"], source: VendorName(rawValue: row["source"]),
                       at: row["at"], reason: row["reason"]),
            recordedAt: row["recorded_at"]
        )
    }
}

extension StoreTransaction {
    /// Every stored cursor: vendor, stream, version, JSON value and when it last moved (UTC ms).
    public func cursors() throws -> [(vendor: String, stream: String, version: Int, json: String, updatedAt: UTCMillis)] {
        try Row.fetchAll(db, sql: "SELECT * FROM cursors ORDER BY vendor, stream").map {
            ($0["vendor"], $0["stream"], $0["version"], $0["value"], $0["updated_at"])
        }
    }
}
