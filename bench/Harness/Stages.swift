import Foundation
import SyncEngine

/// The benchmark's stages; each returns Markdown table rows.
struct Stages {
    let binary: String
    let work: String
    /// The vendors configured for the passes (`hubspot`, `braze`, `sfmc`).
    let vendors: Set<String>

    private var secrets: [String: String] { BenchConfig.secrets }

    /// Initial sync of `contacts` per vendor from an empty database, then (when `incremental`) 1% changed in HubSpot
    /// and SFMC through their APIs and a second pass.
    func initialAndIncremental(
        contacts: Int, incremental: Bool
    ) async throws -> (initial: [String], streams: [String], incremental: [String], stages: [String]) {
        let directory = try fresh("n\(contacts)")
        log("initial sync, \(contacts) contacts per vendor: starting the sandbox")
        let sandbox = try SandboxProcess.start(binary: binary, contacts: contacts, rateLimits: "off", logPath: "\(directory)/sandbox.log")
        defer { sandbox.stop() }
        let (database, yaml) = try configure(directory, urls: sandbox.urls, limits: .lifted)
        log("initial sync, \(contacts) contacts per vendor: reconciling")
        let first = try TimedReconcile.run(binary: binary, config: "\(directory)/config.yaml", database: database, secrets: secrets,
                                           logPath: "\(directory)/initial.log")
        let pulled = first.report.streams.map(\.pulled).reduce(0, +)
        let initial = [
            row(contacts, format(first.wallSeconds), format(Double(pulled) / max(first.wallSeconds, 0.001), 0),
                mib(Int64(first.peakRSSKiB) * 1024), mib(first.databaseBytes), mib(Int64(sandbox.peakRSSKiB) * 1024),
                pushed(first.report), first.report.succeeded ? "ok" : "errors (see \(directory)/initial.log)"),
        ]
        let streams = first.report.streams.filter { $0.pulled > 0 }.map { stream in
            let seconds = Double(stream.finishedAt - stream.startedAt) / 1000
            return row(contacts, "\(stream.vendor.rawValue) \(stream.stream)", stream.pulled, format(seconds),
                       format(Double(stream.pulled) / max(seconds, 0.001), 0))
        }
        guard incremental else { return (initial, streams, [], []) }
        // The initial pass's own writes come back on the next pull (echoes, recognised by the mirror and not pushed
        // again); this pass reads them so that the incremental pass below sees only the 1% changed. It starts one
        // lookback (10 s) after the initial pass, as scheduled passes would, so the next pass need not look back
        // over the echoes again.
        try await Task.sleep(for: .seconds(11))
        log("echo pass, \(contacts) contacts: reading back the initial pass's writes")
        let echo = try TimedReconcile.run(binary: binary, config: "\(directory)/config.yaml", database: database, secrets: secrets,
                                          logPath: "\(directory)/echo.log")
        log("incremental pass, \(contacts) contacts: changing 1% in HubSpot and SFMC through their APIs")
        let changer = try await ContactChanger.make(yaml: yaml, secrets: secrets)
        var changed: [String] = []
        for (vendor, offset) in [("hubspot", 0), ("sfmc", 50)] where vendors.contains(vendor) {
            let keys = try await ContactChanger.recordKeys(database: database, vendor: vendor)
            let sample = keys.enumerated().filter { $0.offset % 100 == offset }.map(\.element)
            let count = try await changer.setFirstName(vendor: vendor, keys: sample, label: "inc\(contacts)")
            changed.append("\(vendor) \(count)")
        }
        await changer.shutdown()
        log("incremental pass, \(contacts) contacts: reconciling")
        let second = try TimedReconcile.run(binary: binary, config: "\(directory)/config.yaml", database: database, secrets: secrets,
                                            logPath: "\(directory)/incremental.log")
        let share = 100 * second.wallSeconds / max(first.wallSeconds, 0.001)
        return (initial, streams, [
            row(contacts, "\(format(echo.wallSeconds)) s, pulled \(echo.report.streams.map(\.pulled).reduce(0, +)), pushed \(echo.report.pushes.map(\.pushed).reduce(0, +))",
                changed.joined(separator: ", "), format(second.wallSeconds), format(share, 1) + " %",
                second.report.streams.map(\.pulled).reduce(0, +), pushed(second.report),
                second.report.succeeded ? "ok" : "errors (see \(directory)/incremental.log)"),
        ], Self.stages(of: second.report, contacts: contacts))
    }

    /// Where a pass's time went: each stream and each vendor's push, as offsets (s) from the pass's start.
    static func stages(of report: PassReport, contacts: Int) -> [String] {
        let start = report.startedAt
        func offset(_ ms: Int64) -> String { format(Double(ms - start) / 1000, 2) }
        let streams = report.streams.map { stream in
            row(contacts, "\(stream.vendor.rawValue) \(stream.stream)", offset(stream.startedAt), offset(stream.finishedAt),
                "pulled \(stream.pulled) in \(stream.pages) pages")
        }
        let pushes = report.pushes.filter { $0.startedAt > 0 }.map { push in
            row(contacts, "\(push.vendor.rawValue) push (plan alongside)", offset(push.startedAt), offset(push.finishedAt),
                "pushed \(push.pushed) in \(push.batches) batches")
        }
        return streams + pushes + [row(contacts, "whole pass (in process)", offset(start), offset(report.finishedAt), "")]
    }

    /// With the vendors' documented limits: `items` contacts per vendor are synced, then every contact's first name
    /// is changed in SFMC (pushed to HubSpot and Braze) and then in HubSpot (pushed to SFMC).
    func rateLimitedPush(items: Int) async throws -> [String] {
        let directory = try fresh("push\(items)")
        log("rate-limited push, \(items) contacts: starting the sandbox with vendor limits")
        let sandbox = try SandboxProcess.start(binary: binary, contacts: items, rateLimits: "vendor", logPath: "\(directory)/sandbox.log")
        defer { sandbox.stop() }
        let (database, yaml) = try configure(directory, urls: sandbox.urls, limits: .vendor)
        let config = "\(directory)/config.yaml"
        log("rate-limited push: initial sync under vendor limits")
        _ = try TimedReconcile.run(binary: binary, config: config, database: database, secrets: secrets, logPath: "\(directory)/initial.log")
        var rows: [String] = []
        for (source, targets) in [("sfmc", ["hubspot", "braze"]), ("hubspot", ["sfmc"])] where vendors.contains(source) {
            log("rate-limited push: changing \(items) first names in \(source)")
            let changer = try await ContactChanger.make(yaml: yaml, secrets: secrets)
            let keys = try await ContactChanger.recordKeys(database: database, vendor: source)
            _ = try await changer.setFirstName(vendor: source, keys: keys, label: "push-\(source)")
            await changer.shutdown()
            log("rate-limited push: reconciling (pushes to \(targets.joined(separator: ", ")))")
            let pass = try TimedReconcile.run(binary: binary, config: config, database: database, secrets: secrets,
                                              logPath: "\(directory)/push-from-\(source).log")
            for target in targets {
                guard let push = pass.report.pushes.first(where: { $0.vendor.rawValue == target }) else { continue }
                let seconds = Double(push.finishedAt - push.startedAt) / 1000
                let rate = Double(push.pushed) / max(seconds, 0.001)
                let ceiling = Ceiling.itemsPerSecond[target]
                let stats = pass.report.http[target]
                rows.append(row(
                    target, push.pushed, push.batches, format(seconds), format(rate, 0),
                    ceiling.map { format($0, 0) } ?? "none published", ceiling.map { format(100 * rate / $0, 1) + " %" } ?? "–",
                    stats?.rateLimitedResponses ?? 0, stats.map { "\($0.rateLimitWaits) (\(format(Double($0.rateLimitWaitMs) / 1000)) s)" } ?? "–",
                    push.pending + push.deadLettered == 0 ? "ok" : "\(push.pending) pending, \(push.deadLettered) dead-lettered"))
            }
        }
        return rows
    }

    /// An empty scratch directory `work/name`.
    private func fresh(_ name: String) throws -> String {
        let directory = "\(work)/\(name)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `directory/config.yaml` for the sandbox at `urls`; returns the database path and the YAML.
    private func configure(_ directory: String, urls: [String: String], limits: BenchConfig.Limits) throws -> (String, String) {
        let database = "\(directory)/vendorsync.sqlite"
        let yaml = BenchConfig.yaml(urls: urls, database: database, limits: limits, vendors: vendors)
        try yaml.write(toFile: "\(directory)/config.yaml", atomically: true, encoding: .utf8)
        return (database, yaml)
    }

    private func pushed(_ report: PassReport) -> String {
        report.pushes.map { "\($0.vendor.rawValue) \($0.pushed)" }.joined(separator: ", ")
    }
}

/// Each vendor's documented push ceiling in items per second (request limit × batch size), where one is published.
enum Ceiling {
    /// HubSpot: 190 requests per 10 s (Pro/Enterprise burst) × 100 contacts per batch update; Braze: `/users/track`
    /// 3,000 requests per 3 s × 75 attribute objects. SFMC publishes no fixed limit (adaptive throttling).
    /// Sources: ../shared/vendor-reference/hubspot.md §10, braze.md §10, sfmc.md.
    static let itemsPerSecond: [String: Double] = ["hubspot": 190.0 / 10 * 100, "braze": 3_000.0 / 3 * 75]
}

func row(_ cells: Any...) -> String { "| " + cells.map { "\($0)" }.joined(separator: " | ") + " |" }
func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
func mib(_ bytes: Int64) -> String { format(Double(bytes) / 1_048_576, 0) + " MB" }
func log(_ message: String) { FileHandle.standardError.write(Data("[bench] \(message)\n".utf8)) }
