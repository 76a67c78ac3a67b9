import ArgumentParser
import Foundation
import SyncCore
import SyncEngine
import SyncStore

/// `vendorsync dead-letters list|replay`: records that could not be applied or were refused by a vendor.
struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters", abstract: "List or replay dead letters.", subcommands: [List.self, Replay.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open dead letters (or all with --all).")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Include replayed and resolved ones.") var all = false

        func run() async throws {
            let database = try resolveDatabase(store)
            let letters = try SyncStore(path: database).readSync { tx in try tx.deadLetters(status: all ? nil : "open") }
            for letter in letters {
                print("\(letter.id)  \(letter.status)  \(letter.direction)  \(letter.vendor)/\(letter.stream)  key \(letter.recordKey ?? "-")  attempts \(letter.attempts)  \(VendorTime.iso8601(letter.createdAt))  \(letter.reason)")
            }
            if letters.isEmpty { print("no dead letters") }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-apply a dead letter (a pulled record is mapped again; a refused push is pushed again).",
            discussion: """
                Needs --config for the vendor connection. --payload FILE replaces the stored payload with a corrected \
                copy. Exit status 0 when applied, 1 when it still fails, 78 for a configuration error (a missing \
                secret included), 66 for an unreadable --payload file.
                """
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The dead letter's id (see `dead-letters list`).") var id: Int64
        @Option(help: "A corrected payload (the vendor's JSON or XML) to map instead of the stored one.") var payload: String?

        func run() async throws {
            guard let configPath = store.config else { throw fail("--config FILE is required to reach the vendor") }
            let config: AppConfig
            do { config = try loadConfig(configPath) } catch { throw fail("\(error)") }
            let logger = Logging.bootstrap(level: config.logLevel)
            let database = store.db ?? config.database ?? "./vendorsync.sqlite"
            var corrected: String?
            if let payload {
                guard let data = FileManager.default.contents(atPath: payload) else { throw fail("--payload \(payload): cannot read the file", code: 66) }
                corrected = String(decoding: data, as: UTF8.self)
            }
            let result: ReplayResult
            do {
                result = try await ReplayRunner.replay(config: config, databasePath: database, id: id, payload: corrected, logger: logger)
            } catch let error as ConfigError {
                throw fail(error.description)
            } catch {
                throw fail("\(error)", code: 1)
            }
            switch result {
            case .applied: print("dead letter \(id) replayed: applied")
            case let .stillFailing(reason): throw fail("dead letter \(id) still fails: \(reason)", code: 1)
            }
        }
    }
}
