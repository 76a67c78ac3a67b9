import ConnectorKit
import Logging
import ServiceLifecycle
import SyncCore
import SyncEngine

/// Pushes due outbox entries to every vendor, when a poller planned new entries or every `interval` (for retries
/// that came due), and refreshes the outbox-depth and rate-limit gauges.
///
/// On graceful shutdown it starts no new batch, finishes the batches in flight (each commits its outcomes in one
/// transaction) and stops; entries not yet pushed stay in the outbox for the next start.
public struct OutboxDrainer: Service {
    private let engine: SyncEngine
    private let interval: Duration
    private let trigger: PullTrigger
    private let metrics: DaemonMetrics
    private let logger: Logger

    /// A drainer over the engine's connectors, woken by `trigger` or every `interval`.
    public init(engine: SyncEngine, interval: Duration, trigger: PullTrigger, metrics: DaemonMetrics, logger: Logger) {
        self.engine = engine
        self.interval = interval
        self.trigger = trigger
        self.metrics = metrics
        self.logger = logger
    }

    /// Drains until graceful shutdown or cancellation.
    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await drainOnce()
                _ = try await cancelWhenGracefulShutdown { try await trigger.wait(timeout: interval) }
            } catch is CancellationError {
                break
            } catch is EngineAbort {
                break
            }
        }
        logger.debug("drainer stopped")
    }

    /// One round over every vendor; a graceful shutdown stops it between vendors.
    func drainOnce() async throws {
        for connector in engine.connectors where !Task.isShuttingDownGracefully {
            let report = try await engine.drain(connector, into: PushReport(vendor: connector.vendor))
            metrics.record(report)
            if report.pushed + report.retried + report.deadLettered > 0 {
                logger.info("drained", metadata: [
                    "vendor": "\(connector.vendor)", "pushed": "\(report.pushed)", "retried": "\(report.retried)",
                    "deadLettered": "\(report.deadLettered)",
                ])
            }
        }
        try await refreshGauges()
    }

    /// Outbox depth per vendor, rate-limit waits from the connectors' HTTP clients, cursor lag per stream.
    func refreshGauges() async throws {
        let vendors = engine.connectors.map(\.vendor)
        let (depths, cursors) = try await engine.store.read { tx in
            (try vendors.map { try tx.outboxDepth(vendor: $0) }, try tx.cursors().map { ($0.vendor, $0.stream, $0.updatedAt) })
        }
        for (vendor, depth) in zip(vendors, depths) {
            metrics.set("vendorsync_outbox_depth", [("vendor", vendor.rawValue)], to: Double(depth))
        }
        for connector in engine.connectors {
            guard let stats = (connector as? any HTTPStatsReporting)?.httpStats else { continue }
            let labels = [("vendor", connector.vendor.rawValue)]
            metrics.set("vendorsync_rate_limit_waits", labels, to: Double(stats.rateLimitWaits))
            metrics.set("vendorsync_rate_limit_wait_seconds", labels, to: Double(stats.rateLimitWaitMs) / 1000)
            metrics.set("vendorsync_http_retries", labels, to: Double(stats.retries))
        }
        let now = wallClockMillis()
        for (vendor, stream, updatedAt) in cursors {
            metrics.set("vendorsync_cursor_lag_seconds", [("vendor", vendor), ("stream", stream)], to: Double(now - updatedAt) / 1000)
        }
    }
}
