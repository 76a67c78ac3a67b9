import Foundation
import GRDB
import SyncCore

/// The hub's SQLite store: persons, identities, attributes, the consent ledger and its history, suppressions,
/// send events, per-vendor mirrors, cursors, diffs, outbox, dead letters and runs.
///
/// One `DatabasePool` in WAL mode; the file is created with mode 0600 before SQLite opens it. The schema changes
/// only through the named forward migrations in `StoreMigrations`.
public final class SyncStore: Sendable {
    /// The database file's path.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    /// - Throws: `StoreError` when the file cannot be created with mode 0600, is not a VendorSync database, or a
    ///   migration fails; GRDB's `DatabaseError` for SQLite failures.
    public init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError("cannot create database file at \(path)")
            }
        }
        try? manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer's page cache is 64 MiB (SQLite's default is 2 MiB): a pass touches persons, identities,
            // attributes and mirrors all over the file, and re-reading evicted pages cost ~10 % of a 100k pass's CPU
            // in `pread`. Readers keep 8 MiB each. A cache fills only as pages are read.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -65536")
            // Checkpoint the WAL every 16,384 pages (64 MiB) instead of 1,000: a page commit dirties pages all over
            // the indexes, and with the default every commit was followed by a checkpoint copying them again.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError("cannot open database at \(path): \(error)")
        }
        try StoreMigrations.migrator.migrate(pool)
    }

    /// Runs `body` in one write transaction; everything it writes commits together or not at all.
    /// - Throws: what `body` throws (the transaction is rolled back), or a `DatabaseError`.
    public func write<T: Sendable>(_ body: @Sendable @escaping (StoreTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(StoreTransaction(db: db)) }
    }

    /// Runs `body` on a read-only snapshot, concurrently with the writer.
    public func read<T: Sendable>(_ body: @Sendable @escaping (StoreTransaction) throws -> T) async throws -> T {
        try await pool.read { db in try body(StoreTransaction(db: db)) }
    }

    /// Runs `body` in one write transaction, blocking the calling thread (for the CLI and tests).
    public func writeSync<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try pool.write { db in try body(StoreTransaction(db: db)) }
    }

    /// Runs `body` on a read snapshot, blocking the calling thread.
    public func readSync<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try pool.read { db in try body(StoreTransaction(db: db)) }
    }

    /// `PRAGMA integrity_check`'s answer (`ok` when the file is sound).
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    /// Checkpoints the WAL into the main file (used before measuring the file's size).
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}

/// A store failure with a message naming what and where (never personal data).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// An error with `message`.
    public init(_ message: String) { description = message }
}
