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
    /// The hub's store.
    public let store: SyncStore
    /// The vendors' connectors, in the order their reports are given.
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
        report.streams = try await perVendor { engine, connector in
            var reports: [StreamReport] = []
            for stream in connector.streams { reports.append(try await engine.pull(connector, stream: stream, runID: runID)) }
            return reports
        }.flatMap { $0 }
        var pushes = connectors.map { PushReport(vendor: $0.vendor) }
        for _ in 0..<3 {
            guard push else {
                let planned = try await planDirty()
                for index in connectors.indices { pushes[index].planned += planned[connectors[index].vendor] ?? 0 }
                break
            }
            // The plan and the drains run together: each plan batch's entries can be pushed as soon as it commits.
            let planning = Locked(true)
            let planner = Task { [self] in
                defer { planning.withLock { $0 = false } }
                return try await planDirty()
            }
            let before = pushes
            let drained: [PushReport]
            do {
                drained = try await perVendor { engine, connector in
                    let index = engine.connectors.firstIndex { $0.vendor == connector.vendor } ?? 0
                    var report = before[index]
                    let started = engine.environment.now()
                    report = try await engine.drain(connector, into: report, runID: runID) { planning.current }
                    if report.startedAt == 0 { report.startedAt = started }
                    report.finishedAt = engine.environment.now()
                    return report
                }
            } catch {
                planner.cancel()
                _ = await planner.result
                throw error
            }
            let planned = try await withTaskCancellationHandler { try await planner.value } onCancel: { planner.cancel() }
            pushes = drained
            for index in connectors.indices { pushes[index].planned += planned[connectors[index].vendor] ?? 0 }
            // Records found to exist at a vendor were applied as pulled changes: plan and push again for them.
            guard zip(pushes, before).contains(where: { $0.linked > $1.linked }) else { break }
        }
        for (index, connector) in connectors.enumerated() {
            pushes[index].pending = try await store.read { tx in try tx.outboxDepth(vendor: connector.vendor) }
        }
        report.pushes = pushes
        for connector in connectors {
            if let stats = (connector as? any HTTPStatsReporting)?.httpStats { report.http[connector.vendor.rawValue] = stats }
        }
        report.finishedAt = environment.now()
        let finished = report
        let summary = (try? String(decoding: JSONEncoder.sorted.encode(finished), as: UTF8.self)) ?? "{}"
        try await store.write { tx in
            try tx.finishRun(runID, status: finished.succeeded ? "ok" : "failed", summary: summary, now: finished.finishedAt)
        }
        return report
    }

    /// Runs `work` for every connector, concurrently when `configuration.concurrentVendors`, and returns the results in
    /// the connectors' order.
    func perVendor<Result: Sendable>(
        _ work: @escaping @Sendable (SyncEngine, any VendorConnector) async throws -> Result
    ) async throws -> [Result] {
        guard configuration.concurrentVendors, connectors.count > 1 else {
            var results: [Result] = []
            for connector in connectors { results.append(try await work(self, connector)) }
            return results
        }
        return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            for (index, connector) in connectors.enumerated() {
                group.addTask { (index, try await work(self, connector)) }
            }
            var results = [Result?](repeating: nil, count: connectors.count)
            for try await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }

    /// The connector for a vendor name.
    public func connector(for vendor: VendorName) -> (any VendorConnector)? {
        connectors.first { $0.vendor == vendor }
    }
}
