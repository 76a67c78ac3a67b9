import CoreMetrics
import Metrics
import Prometheus
import SyncEngine

/// The daemon's Prometheus metrics, in a registry of its own (no global bootstrap, so tests can run side by side).
///
/// Counters (per `vendor`, and `stream` for pulls): `vendorsync_pulled_records_total`,
/// `vendorsync_pushed_mutations_total`, `vendorsync_failed_total` (pull passes or push attempts that failed),
/// `vendorsync_dead_lettered_total`. Gauges: `vendorsync_outbox_depth`, `vendorsync_rate_limit_waits`,
/// `vendorsync_rate_limit_wait_seconds`, `vendorsync_last_success_timestamp_seconds` (UTC epoch s),
/// `vendorsync_cursor_lag_seconds` (time since the stream's cursor was last committed).
public final class DaemonMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics in a fresh registry.
    public init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Counts what one pull pass of (vendor, stream) did.
    public func record(_ report: StreamReport) {
        let labels = [("vendor", report.vendor.rawValue), ("stream", report.stream)]
        counter("vendorsync_pulled_records_total", labels).increment(by: report.pulled)
        counter("vendorsync_dead_lettered_total", labels).increment(by: report.deadLettered)
        if report.error != nil { counter("vendorsync_failed_total", labels).increment() }
    }

    /// Counts what one drain of a vendor's outbox did.
    public func record(_ report: PushReport) {
        let labels = [("vendor", report.vendor.rawValue), ("stream", "outbox")]
        counter("vendorsync_pushed_mutations_total", labels).increment(by: report.pushed)
        counter("vendorsync_failed_total", labels).increment(by: report.retried + (report.error == nil ? 0 : 1))
        counter("vendorsync_dead_lettered_total", labels).increment(by: report.deadLettered)
    }

    /// Sets a gauge, e.g. `vendorsync_outbox_depth{vendor="braze"}`.
    public func set(_ name: String, _ labels: [(String, String)], to value: Double) {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory).record(value)
    }

    /// The registry in Prometheus text exposition format (version 0.0.4).
    public func render() -> String { registry.emitToString() }

    private func counter(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
    }
}
