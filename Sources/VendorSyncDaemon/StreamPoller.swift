import ConnectorKit
import Logging
import ServiceLifecycle
import SyncCore
import SyncEngine

/// Pulls one (vendor, stream) on its schedule, or sooner when its `PullTrigger` fires, then plans the outbox and
/// wakes the drainer.
///
/// A pass is `SyncEngine.pull` (one transaction per page with its cursor) followed by `planDirty`. On graceful
/// shutdown no new pass starts and the current one stops after the page in flight commits (`ShutdownCheckpoint`);
/// if it is cancelled instead, the page either committed with its cursor or left no trace, so the next start
/// resumes from the store.
public struct StreamPoller: Service {
    private let engine: SyncEngine
    private let connector: any VendorConnector
    private let stream: StreamDescriptor
    private let schedule: PollSchedule
    private let trigger: PullTrigger
    private let drainTrigger: PullTrigger?
    private let metrics: DaemonMetrics
    private let health: DaemonHealth
    private let logger: Logger

    /// A poller for `stream` of `connector`.
    /// - Parameters:
    ///   - trigger: fired by webhooks to pass now.
    ///   - drainTrigger: fired after a pass that planned outbox entries.
    public init(
        engine: SyncEngine, connector: any VendorConnector, stream: StreamDescriptor, schedule: PollSchedule,
        trigger: PullTrigger, drainTrigger: PullTrigger?, metrics: DaemonMetrics, health: DaemonHealth, logger: Logger
    ) {
        self.engine = engine
        self.connector = connector
        self.stream = stream
        self.schedule = schedule
        self.trigger = trigger
        self.drainTrigger = drainTrigger
        self.metrics = metrics
        self.health = health
        var logger = logger
        logger[metadataKey: "vendor"] = "\(connector.vendor)"
        logger[metadataKey: "stream"] = "\(stream.name)"
        self.logger = logger
    }

    /// Passes until graceful shutdown or cancellation.
    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await pass()
                _ = try await cancelWhenGracefulShutdown {
                    try await trigger.wait(timeout: schedule.delay(random: Double.random(in: 0...1)))
                }
            } catch is CancellationError {
                break
            } catch is EngineAbort {
                break
            }
        }
        logger.debug("poller stopped")
    }

    /// One pass: pull, plan, wake the drainer, record metrics and health.
    func pass() async throws {
        let report = try await engine.pull(connector, stream: stream, runID: nil)
        try Task.checkCancellation()
        metrics.record(report)
        let now = wallClockMillis()
        if let error = report.error {
            if FatalError.isFatal(error) { health.failed(connector.vendor, fatal: error) }
            logger.warning("pass failed", metadata: ["error": "\(error)"])
        } else {
            health.succeeded(connector.vendor, stream: stream.name, at: now)
            metrics.set("vendorsync_last_success_timestamp_seconds", labels, to: Double(now) / 1000)
        }
        let planned = try await engine.planDirty()
        if planned.values.contains(where: { $0 > 0 }) { drainTrigger?.fire() }
        if report.pulled > 0 || planned.values.contains(where: { $0 > 0 }) {
            logger.info("pass", metadata: [
                "pulled": "\(report.pulled)", "diffs": "\(report.diffs)", "planned": "\(planned.values.reduce(0, +))",
            ])
        }
    }

    private var labels: [(String, String)] { [("vendor", connector.vendor.rawValue), ("stream", stream.name)] }
}
