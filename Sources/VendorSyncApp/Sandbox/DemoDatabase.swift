import Foundation
import SyncStore

/// The demo's database: reset on every `reconcile --sandbox`, because the in-process sandbox starts from the seed.
enum DemoDatabase {
    /// Removes the database at `path` when it only ever served the demo; leaves a missing file alone.
    /// - Throws: `ConfigError` when the file holds runs other than `reconcile --sandbox` (a real database).
    static func resetIfDemo(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let commands = try SyncStore(path: path).readSync { tx in try tx.recentRuns(limit: 1_000_000).map(\.command) }
        guard commands.allSatisfy({ $0.hasPrefix("reconcile --sandbox") }) else {
            throw ConfigError("--db \(path) holds a database that is not the demo's; pass another --db for --sandbox")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
