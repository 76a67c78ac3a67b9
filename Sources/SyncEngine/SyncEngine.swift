import Foundation
import ConnectorKit
import Logging
import SyncCore
import SyncStore

/// Runs the main job: pull every stream of every connector into the hub, plan the outbox, and drain it.
///
/// Names no vendor: it knows connectors only through `VendorConnector`. Every effect of a pulled page (hub writes,
/// diffs, mirrors, events, planning marks and the advanced cursor) commits in one transaction, so a crash at any
/// point resumes from the store alone.
public final class SyncEngine: Sendable {
    public let store: SyncStore
    public let connectors: [any VendorConnector]
    let configuration: EngineConfiguration
    let environment: EngineEnvironment
    let logger: Logger
    /// Orders stream pages after newer targeted fetches of the same records (`fetch(_:stream:recordKeys:)`).
    let fetchLedger = FetchLedger()

    /// An engine over `store` and `connectors`.
    public init(
        store: SyncStore, connectors: [any VendorConnector], configuration: EngineConfiguration = EngineConfiguration(),
        environment: EngineEnvironment = .live, logger: Logger = Logger(label: "vendorsync.engine")
    ) {
        self.store = store
        self.connectors = connectors
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
    }

    /// One full pass: pull every stream, plan, push; records a run.
    /// - Parameter push: `false` pulls and plans only (the outbox stays pending).
    /// - Throws: only store failures and cancellation; vendor errors are reported per stream or vendor.
    public func reconcile(command: String = "reconcile", push: Bool = true) async throws -> PassReport {
        let started = environment.now()
        let runID = try await store.write { tx in try tx.startRun(command: command, now: started) }
        var report = PassReport(runID: runID, startedAt: started)
        for connector in connectors {
            for stream in connector.streams {
                report.streams.append(try await pull(connector, stream: stream, runID: runID))
            }
        }
        var pushes = connectors.map { PushReport(vendor: $0.vendor) }
        for round in 0..<3 {
            let planned = try await planDirty()
            if round > 0, planned.isEmpty { break }
            for (index, connector) in connectors.enumerated() {
                pushes[index].planned += planned[connector.vendor] ?? 0
                if push { pushes[index] = try await drain(connector, into: pushes[index], runID: runID) }
            }
            guard push, pushes.contains(where: { $0.linked > 0 }) else { break }
        }
        for (index, connector) in connectors.enumerated() {
            pushes[index].pending = try await store.read { tx in try tx.outboxDepth(vendor: connector.vendor) }
        }
        report.pushes = pushes
        report.finishedAt = environment.now()
        let finished = report
        let summary = (try? String(decoding: JSONEncoder.sorted.encode(finished), as: UTF8.self)) ?? "{}"
        try await store.write { tx in
            try tx.finishRun(runID, status: finished.succeeded ? "ok" : "failed", summary: summary, now: finished.finishedAt)
        }
        return report
    }

    /// The connector for a vendor name.
    public func connector(for vendor: VendorName) -> (any VendorConnector)? {
        connectors.first { $0.vendor == vendor }
    }
}
