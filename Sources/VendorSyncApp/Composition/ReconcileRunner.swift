import AsyncHTTPClient
import ConnectorKit
import Foundation
import Logging
import SyncEngine
import SyncStore

/// Composes store, connectors and engine for one reconcile pass (the CLI's `reconcile` and the tests use it).
public enum ReconcileRunner {
    /// The outcome of a pass: the engine's report, and for a dry run the planned mutations.
    public struct Result: Sendable {
        public var report: PassReport
        public var plan: [OutboxItem]
        public var databasePath: String
        /// The operator's report as text (rendered before a dry run's copy is removed).
        public var text = ""
    }

    /// Runs one pass against the vendors in `config` with the store at `databasePath`; `command` is recorded in the run.
    ///
    /// A dry run works on a copy of the database: it pulls and plans there, pushes nothing, and leaves the real
    /// database (cursors included) untouched.
    /// - Throws: `ConfigError` for configuration problems; store errors.
    public static func run(
        config: AppConfig, databasePath: String, secrets: Secrets, dryRun: Bool, showAddresses: Bool = false, command: String = "reconcile", logger: Logger
    ) async throws -> Result {
        let transport = AsyncHTTPClientTransport()
        do {
            let connectors = try ConnectorFactory(transport: transport, secrets: secrets, logger: logger).connectors(for: config)
            try await ConnectorFactory.applyRateLimits(config, to: connectors)
            guard !connectors.isEmpty else { throw ConfigError("\(config.source): no vendors configured") }
            let path = dryRun ? try copyForDryRun(databasePath) : databasePath
            defer { if dryRun { removeDatabase(at: path) } }
            let store = try SyncStore(path: path)
            let engine = SyncEngine(store: store, connectors: connectors, configuration: config.engine, logger: logger)
            let report = try await engine.reconcile(command: dryRun ? command + " --dry-run" : command, push: !dryRun)
            let plan = dryRun ? try await store.read { tx in try tx.pendingOutbox(limit: 10_000) } : []
            try await transport.shutdown()
            var result = Result(report: report, plan: plan, databasePath: databasePath)
            result.text = try ReportPrinter(store: store).render(result, showAddresses: showAddresses)
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    private static func copyForDryRun(_ path: String) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vendorsync-dry-run-\(UUID().uuidString).sqlite").path
        if FileManager.default.fileExists(atPath: path) {
            try SyncStore(path: path).checkpoint()
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        }
        return copy
    }

    private static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
