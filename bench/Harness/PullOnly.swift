import ArgumentParser
import ConnectorKit
import Foundation
import SyncCore
import SyncEngine
import VendorSyncApp

/// `vendorsync-bench pull`: one connector stream pulled from scratch with no store behind it, the way a tap reads
/// (pages in, records out), so the connector's own pull speed can be set beside the taps'. Prints a singer-style
/// `RECORD` line (`{"type":"RECORD","stream":S,"record":{"id":KEY}}`) per pulled record on stdout.
struct PullOnly: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Pull one stream from scratch without a store and print a RECORD line per record.")

    @Option(help: "The configuration file (YAML); secrets from VENDORSYNC_* as for vendorsync.")
    var config: String

    @Option(help: "The vendor whose stream is pulled.")
    var vendor = "hubspot"

    @Option(help: "The stream to pull.")
    var stream = "contacts"

    func run() async throws {
        let yaml = try String(contentsOfFile: config, encoding: .utf8)
        let changer = try await ContactChanger.make(yaml: yaml, secrets: ProcessInfo.processInfo.environment)
        guard let connector = changer.connectors.first(where: { $0.vendor.rawValue == vendor }) else {
            throw ValidationError("\(vendor) is not configured in \(config)")
        }
        let out = FileHandle.standardOutput
        var cursor: CursorToken?
        var rejected = 0
        repeat {
            let page = try await connector.pull(stream: stream, after: cursor, context: PullContext(now: wallClockMillis()))
            var lines = ""
            for item in page.items {
                switch item {
                case let .change(change):
                    lines += "{\"type\":\"RECORD\",\"stream\":\"\(stream)\",\"record\":{\"id\":\"\(change.recordKey ?? "")\"}}\n"
                default:
                    rejected += 1
                }
            }
            out.write(Data(lines.utf8))
            cursor = page.cursor
            if !page.hasMore { break }
        } while true
        await changer.shutdown()
        if rejected > 0 { log("\(rejected) records rejected (not printed)") }
    }
}
