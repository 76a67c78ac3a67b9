import ConnectorKit
import Logging
import ServiceLifecycle
import SyncCore
import SyncEngine

/// Reads the records webhooks named, right away and by key (`SyncEngine.fetch`), independent of the pollers'
/// schedule: a webhook's change reaches the hub without waiting for a stream pass (which may be running, asleep
/// for its interval, or minutes long on a large account).
///
/// Keys queue per (vendor, stream); many webhooks coalesce into one fetch of up to the connector's batch size.
/// When a fetch fails, the stream's poller is woken instead, so the change still arrives with its next pass. The
/// fetch never moves a cursor: what it applies the stream reads again later, without effect.
public final class RecordFetcher: Service, Sendable {
    private struct Queue: Sendable {
        var keys: [String: [String]] = [:]
    }

    private let engine: SyncEngine
    private let pollerTriggers: [VendorName: [String: PullTrigger]]
    private let drainTrigger: PullTrigger?
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let trigger = PullTrigger()
    private let queue = Locked(Queue())

    /// A fetcher over the engine's `RecordFetching` connectors.
    /// - Parameters:
    ///   - pollerTriggers: woken for a stream whose fetch failed.
    ///   - drainTrigger: fired after a fetch that planned outbox entries.
    public init(
        engine: SyncEngine, pollerTriggers: [VendorName: [String: PullTrigger]], drainTrigger: PullTrigger?,
        metrics: DaemonMetrics, logger: Logger
    ) {
        self.engine = engine
        self.pollerTriggers = pollerTriggers
        self.drainTrigger = drainTrigger
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether records of `stream` of `vendor` can be fetched by key.
    public func canFetch(vendor: VendorName, stream: String) -> Bool {
        (engine.connector(for: vendor) as? any RecordFetching)?.fetchableStreams.contains(stream) ?? false
    }

    /// The most keys waiting at once; beyond it a webhook wakes the stream's poller instead (one pass reads them all).
    public static let maxQueued = 10_000

    /// Queues `keys` of (vendor, stream) and wakes the fetcher; `false` (nothing queued) when that stream cannot
    /// be fetched by key or `maxQueued` would be exceeded.
    @discardableResult
    public func enqueue(_ keys: [String], vendor: VendorName, stream: String) -> Bool {
        guard !keys.isEmpty, canFetch(vendor: vendor, stream: stream) else { return false }
        let queued = queue.withLock { queue -> Bool in
            guard queue.keys.values.reduce(0, { $0 + $1.count }) + keys.count <= Self.maxQueued else { return false }
            queue.keys[Self.id(vendor, stream), default: []] += keys
            return true
        }
        if queued { trigger.fire() }
        return queued
    }

    /// Fetches what is queued until graceful shutdown or cancellation (keys still queued then are left to the
    /// streams' next passes).
    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = try await cancelWhenGracefulShutdown { try await self.trigger.wait(timeout: .seconds(3600)) }
                try await fetchQueued()
            } catch is CancellationError {
                break
            } catch is EngineAbort {
                break
            }
        }
        logger.debug("fetcher stopped")
    }

    /// One round: every queued (vendor, stream), its keys in batches; then plans and wakes the drainer.
    func fetchQueued() async throws {
        let work = queue.withLock { queue -> [String: [String]] in
            defer { queue.keys = [:] }
            return queue.keys
        }
        var fetched = false
        for (id, keys) in work.sorted(by: { $0.key < $1.key }) where !Task.isShuttingDownGracefully {
            let (vendor, stream) = Self.split(id)
            guard let connector = engine.connector(for: vendor) as? any RecordFetching else { continue }
            let report = try await engine.fetch(connector, stream: stream, recordKeys: keys)
            metrics.record(report)
            if let error = report.error {
                logger.warning("fetch failed; the stream's poller passes instead", metadata: ["vendor": "\(vendor)", "stream": "\(stream)", "error": "\(error)"])
                pollerTriggers[vendor]?[stream]?.fire()
            } else {
                fetched = true
                logger.info("fetched", metadata: [
                    "vendor": "\(vendor)", "stream": "\(stream)", "records": "\(report.pulled)", "diffs": "\(report.diffs)",
                ])
            }
        }
        guard fetched else { return }
        let planned = try await engine.planDirty()
        if planned.values.contains(where: { $0 > 0 }) { drainTrigger?.fire() }
    }

    private static func id(_ vendor: VendorName, _ stream: String) -> String { "\(vendor.rawValue)\u{1F}\(stream)" }

    private static func split(_ id: String) -> (VendorName, String) {
        let parts = id.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
        return (VendorName(rawValue: parts[0]), parts.count > 1 ? parts[1] : "")
    }
}
