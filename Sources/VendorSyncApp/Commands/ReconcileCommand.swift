import ArgumentParser
import Foundation
import SandboxKit
import SyncEngine
import SyncStore

/// `vendorsync reconcile`: one pass over every configured vendor and stream, then exit.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Pull every stream, reconcile into the hub, push the agreed state, and exit.",
        discussion: """
            Exit status: 0 when every stream and push succeeded, 3 when some failed (see the report), 78 for a
            configuration error. With --sandbox it starts the local vendor emulators on free ports, seeds them with
            the demo dataset and reconciles against them (database default ./vendorsync-demo.sqlite).
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Start the vendor sandboxes in-process, seed them with the demo dataset, and reconcile against them.")
    var sandbox = false

    @Option(help: "With --sandbox: seed directory with hubspot/, braze/ and sfmc/ files (default fixtures/demo).")
    var seed: String?

    @Option(help: "With --sandbox: sandbox faults, e.g. 5xx=0.1,429=0.05,timeout=0.02.")
    var faults: String?

    @Flag(help: "Pull and plan on a copy of the database; print the plan; push nothing and move no cursor.")
    var dryRun = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let host: SandboxHost?
        let command = sandbox ? "reconcile --sandbox" : "reconcile"
        let config: AppConfig
        var environment = ProcessInfo.processInfo.environment
        do {
            if sandbox {
                var options = SandboxHost.Options()
                options.hubspotPort = 0
                options.brazePort = 0
                options.sfmcPort = 0
                options.seedDirectory = seed.map { URL(fileURLWithPath: $0) } ?? SandboxHost.demoDirectory()
                guard options.seedDirectory != nil else { throw ConfigError("--sandbox: demo dataset not found (run from the repository root or pass --seed DIR)") }
                if let faults { options.faults = try FaultSpec(parsing: faults) }
                let started = try SandboxHost(options: options)
                let urls = try await started.start()
                host = started
                config = try AppConfig.parse(SandboxHost.configuration(for: urls), source: "sandbox")
                environment.merge(SandboxHost.credentials) { _, new in new }
            } else {
                guard let path = store.config else { throw ConfigError("--config FILE is required (or --sandbox for the demo)") }
                host = nil
                config = try loadConfig(path)
            }
        } catch {
            throw fail("\(error)")
        }
        let logger = Logging.bootstrap(level: config.logLevel)
        let database = store.db ?? config.database ?? (sandbox ? "./vendorsync-demo.sqlite" : "./vendorsync.sqlite")
        let result: ReconcileRunner.Result
        var verification: ReconcileRunner.Result?
        do {
            if sandbox, !dryRun { try DemoDatabase.resetIfDemo(database) }
            let secrets = Secrets(environment: environment)
            result = try await ReconcileRunner.run(config: config, databasePath: database, secrets: secrets,
                                                   dryRun: dryRun, showAddresses: sandbox, command: command, logger: logger)
            if sandbox, !dryRun {
                verification = try await ReconcileRunner.run(config: config, databasePath: database, secrets: secrets,
                                                             dryRun: false, command: command, logger: logger)
            }
        } catch let error as ConfigError {
            await host?.stop()
            throw fail(error.description)
        } catch {
            await host?.stop()
            throw fail("\(error)", code: 1)
        }
        await host?.stop()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result.report), as: UTF8.self))
        } else {
            print(result.text)
            if let verification {
                let report = verification.report
                print("")
                print("Second pass against the same sandbox state: pulled \(report.streams.map(\.pulled).reduce(0, +)), "
                      + "diffs \(report.streams.map(\.diffs).reduce(0, +)), "
                      + "send events stored \(report.streams.map(\.eventsStored).reduce(0, +)), "
                      + "pushed \(report.pushes.map(\.pushed).reduce(0, +)), pending \(report.pushes.map(\.pending).reduce(0, +)).")
                print(try ReportPrinter(store: SyncStore(path: database)).totals(after: report.runID))
                print("The sandbox starts from the seed on every `reconcile --sandbox`; the demo database is reset with it.")
                print("Inspect the result: vendorsync status --db \(database)")
            }
        }
        if !result.report.succeeded || verification.map({ !$0.report.succeeded }) == true { throw ExitCode(3) }
    }
}
