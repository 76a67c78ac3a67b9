import ArgumentParser
import Logging

/// `vendorsync`: keeps SFMC, Braze and HubSpot in agreement about contacts, consent and send events.
public struct VendorSyncCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vendorsync",
        abstract: "Keeps marketing vendors in agreement about contacts, consent and send events.",
        subcommands: [ReconcileCommand.self, RunCommand.self, SandboxCommand.self, StatusCommand.self, DiffsCommand.self, DeadLettersCommand.self]
    )

    public init() {}
}

/// Options shared by the commands that open the database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (created with mode 0600). Default: the config's `database`, else ./vendorsync.sqlite.")
    var db: String?

    @Option(name: .long, help: "The configuration file (YAML).")
    var config: String?
}

/// Logging to stderr, journald-friendly, at `level` (`VENDORSYNC_LOG_LEVEL` overrides).
enum Logging {
    static func bootstrap(level: Logger.Level) -> Logger {
        let environment = ProcessInfo.processInfo.environment["VENDORSYNC_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = environment ?? level
            return handler
        }
        return Logger(label: "vendorsync")
    }
}

import Foundation

/// Prints `message` as one line on stderr and exits with `code` (78, EX_CONFIG, for configuration errors).
func fail(_ message: String, code: Int32 = 78) -> ExitCode {
    FileHandle.standardError.write(Data("vendorsync: \(message)\n".utf8))
    return ExitCode(code)
}

/// Reads and parses the configuration file.
/// - Throws: `ConfigError` naming the file when it is missing, unreadable or invalid.
func loadConfig(_ path: String) throws -> AppConfig {
    guard FileManager.default.fileExists(atPath: path) else { throw ConfigError("config \(path): no such file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError("config \(path): cannot read the file") }
    return try AppConfig.parse(String(decoding: data, as: UTF8.self), source: path)
}
