import ConnectorKit
import Hummingbird
import Logging
import ServiceLifecycle
import SyncCore
import SyncEngine
import UnixSignals

/// `vendorsync run`: one `StreamPoller` per (vendor, stream), the `RecordFetcher` (records webhooks name), the
/// `OutboxDrainer`, the HTTP listener and the `SystemdService`, in one `ServiceGroup` that stops gracefully on
/// SIGTERM and SIGINT.
///
/// Shutdown order is the reverse of start: systemd hears `STOPPING=1` first, pollers stop after their page in
/// flight, the drainer after its batches in flight, the listener last. After `shutdownGrace` what remains is cancelled.
public struct Daemon: Sendable {
    /// The engine (its store is open, its environment should be `ShutdownCheckpoint.environment`).
    public let engine: SyncEngine
    /// Listener address, intervals, shutdown grace.
    public let configuration: DaemonConfiguration
    /// Served at `/webhooks/<vendor>`.
    public let receivers: [any WebhookReceiver]
    /// Where `READY=1`, `WATCHDOG=1` and `STOPPING=1` go.
    public let notifier: SystemdNotifier
    /// Rendered at `/metrics`.
    public let metrics: DaemonMetrics
    /// Read by `/readyz` and the systemd `STATUS=` line.
    public let health: DaemonHealth
    /// The poller trigger per vendor and stream.
    public let triggers: [VendorName: [String: PullTrigger]]
    /// Fired to drain now.
    public let drainTrigger: PullTrigger
    /// Reads the records webhooks name, by key, independent of the pollers.
    public let fetcher: RecordFetcher
    private let logger: Logger

    /// A daemon over `engine`; nothing runs until `run()`.
    public init(
        engine: SyncEngine, configuration: DaemonConfiguration, receivers: [any WebhookReceiver] = [],
        notifier: SystemdNotifier = SystemdNotifier(), logger: Logger
    ) {
        self.engine = engine
        self.configuration = configuration
        self.receivers = receivers
        self.notifier = notifier
        self.logger = logger
        metrics = DaemonMetrics()
        health = DaemonHealth()
        drainTrigger = PullTrigger()
        var triggers: [VendorName: [String: PullTrigger]] = [:]
        for connector in engine.connectors {
            for stream in connector.streams { triggers[connector.vendor, default: [:]][stream.name] = PullTrigger() }
        }
        self.triggers = triggers
        fetcher = RecordFetcher(
            engine: engine, pollerTriggers: triggers, drainTrigger: drainTrigger, metrics: metrics, logger: logger
        )
    }

    /// Runs until SIGTERM/SIGINT (or `signals` is empty and the task is cancelled).
    /// - Parameters:
    ///   - signals: the signals that start a graceful shutdown.
    ///   - onListening: called with the listener's bound port once it accepts connections.
    /// - Throws: what a service threw (e.g. the port is taken).
    public func run(
        signals: [UnixSignal] = [.sigterm, .sigint], onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await makeServiceGroup(signals: signals, onListening: onListening).run()
    }

    /// The `ServiceGroup` `run()` runs; tests call `triggerGracefulShutdown()` on it instead of sending a signal.
    public func makeServiceGroup(
        signals: [UnixSignal] = [.sigterm, .sigint], onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        var groupConfiguration = ServiceGroupConfiguration(services: services(onListening: onListening), logger: logger)
        groupConfiguration.gracefulShutdownSignals = signals
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
        return ServiceGroup(configuration: groupConfiguration)
    }

    /// The services in start order: listener, record fetcher, drainer, pollers, systemd.
    func services(onListening: @escaping @Sendable (Int) async -> Void) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        let router = DaemonRouter(
            store: engine.store, metrics: metrics, health: health, receivers: receivers, triggers: triggers,
            fetcher: fetcher, configuration: configuration.router, logger: logger
        )
        let application = Application(
            router: router.makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vendorsync"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        services.append(.init(service: application))
        services.append(.init(service: fetcher))
        services.append(.init(service: OutboxDrainer(
            engine: engine, interval: configuration.drainInterval, trigger: drainTrigger, metrics: metrics, logger: logger
        )))
        for connector in engine.connectors {
            for stream in connector.streams {
                services.append(.init(service: StreamPoller(
                    engine: engine, connector: connector, stream: stream,
                    schedule: configuration.schedule(vendor: connector.vendor, stream: stream.name),
                    trigger: triggers[connector.vendor]![stream.name]!, drainTrigger: drainTrigger, metrics: metrics,
                    health: health, logger: logger
                )))
            }
        }
        let store = engine.store
        let health = health
        services.append(.init(service: SystemdService(notifier: notifier, logger: logger) {
            health.summary(outboxDepth: try? await store.read { tx in try tx.outboxDepth() })
        }))
        return services
    }
}
