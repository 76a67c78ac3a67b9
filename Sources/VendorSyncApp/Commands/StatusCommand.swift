import ArgumentParser
import Foundation
import SyncCore
import SyncStore

/// `vendorsync status`: what the hub holds and how the last runs went.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show persons, outbox, dead letters, cursors and recent runs.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try resolveDatabase(store)
        let db = try SyncStore(path: database)
        let text = try db.readSync { tx -> String in
            var lines = ["database: \(database)", "persons: \(try tx.personCount())   send events: \(try tx.eventCount())   outbox pending: \(try tx.outboxDepth())"]
            for (stream, count) in try tx.openDeadLetterCounts().sorted(by: { $0.key < $1.key }) {
                lines.append("dead letters \(stream): \(count)")
            }
            for cursor in try tx.cursors() {
                lines.append("cursor \(cursor.vendor)/\(cursor.stream) v\(cursor.version) updated \(VendorTime.iso8601(cursor.updatedAt)): \(cursor.json)")
            }
            for run in try tx.recentRuns(limit: 5) {
                let finished = run.finishedAt.map { VendorTime.iso8601($0) } ?? "-"
                lines.append("run \(run.id) \(run.command) \(run.status) started \(VendorTime.iso8601(run.startedAt)) finished \(finished)")
            }
            return lines.joined(separator: "\n")
        }
        print(text)
    }
}

/// The database path from `--db`, else the config's `database`, else ./vendorsync.sqlite; it must exist.
func resolveDatabase(_ options: StoreOptions) throws -> String {
    var path = options.db
    if path == nil, let config = options.config {
        do { path = try loadConfig(config).database } catch { throw fail("\(error)") }
    }
    let database = path ?? "./vendorsync.sqlite"
    guard FileManager.default.fileExists(atPath: database) else { throw fail("database \(database): no such file", code: 66) }
    return database
}
