import ConnectorKit
import HubSpotConnector
import Logging
import SyncCore
import SyncEngine
import SyncStore
import VendorSyncDaemon

/// Composes store, connectors, engine, webhook receivers and the daemon for `vendorsync run`.
public enum DaemonRunner {
    /// Runs the daemon until SIGTERM or SIGINT.
    /// - Parameters:
    ///   - listen: overrides `daemon.listen` (`HOST:PORT`).
    ///   - onListening: called with the bound port once the listener accepts connections.
    /// - Throws: `ConfigError` for configuration problems (unknown vendor or stream in `daemon.vendors`, missing
    ///   secrets); store errors; the listener's bind error.
    public static func run(
        config: AppConfig, databasePath: String, secrets: Secrets, listen: String? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        var daemonConfiguration = config.daemon
        if let listen { (daemonConfiguration.host, daemonConfiguration.port) = try AppConfig.parseListen(listen, key: "--listen", source: "command line") }
        let transport = AsyncHTTPClientTransport()
        do {
            let connectors = try ConnectorFactory(transport: transport, secrets: secrets, logger: logger).connectors(for: config)
            try await ConnectorFactory.applyRateLimits(config, to: connectors)
            guard !connectors.isEmpty else { throw ConfigError("\(config.source): no vendors configured") }
            try checkIntervals(daemonConfiguration, connectors: connectors, source: config.source)
            let store = try SyncStore(path: databasePath)
            var engineConfiguration = config.engine
            engineConfiguration.maxDrainWaitMs = min(engineConfiguration.maxDrainWaitMs, 1000)
            let engine = SyncEngine(
                store: store, connectors: connectors, configuration: engineConfiguration,
                environment: ShutdownCheckpoint.environment, logger: logger
            )
            let receivers = try webhookReceivers(config: config, secrets: secrets, logger: logger)
            let daemon = Daemon(engine: engine, configuration: daemonConfiguration, receivers: receivers, logger: logger)
            try await daemon.run(onListening: onListening)
            try await transport.shutdown()
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    /// Receivers for the configured vendors whose webhook secret is set: HubSpot reads `hubspot-webhook-secret`,
    /// else `hubspot-client-secret` (the app's client secret signs its webhooks).
    static func webhookReceivers(config: AppConfig, secrets: Secrets, logger: Logger) throws -> [any WebhookReceiver] {
        var receivers: [any WebhookReceiver] = []
        if config.vendors.contains(where: { $0.name == "hubspot" }) {
            if let secret = try secrets.value("hubspot-webhook-secret") ?? secrets.value("hubspot-client-secret") {
                receivers.append(HubSpotWebhookReceiver(clientSecret: secret))
            } else {
                logger.notice("HubSpot webhooks disabled: no hubspot-webhook-secret credential")
            }
        }
        return receivers
    }

    private static func checkIntervals(_ daemon: DaemonConfiguration, connectors: [any VendorConnector], source: String) throws {
        let vendors = Set(daemon.vendorIntervals.keys).union(daemon.streamIntervals.keys)
        for vendor in vendors {
            guard let connector = connectors.first(where: { $0.vendor == vendor }) else {
                throw ConfigError("\(source): daemon.vendors.\(vendor): not a configured vendor")
            }
            let known = connector.streams.map(\.name)
            for stream in (daemon.streamIntervals[vendor] ?? [:]).keys where !known.contains(stream) {
                throw ConfigError(
                    "\(source): daemon.vendors.\(vendor).streams.\(stream): unknown stream (expected one of \(known.joined(separator: ", ")))"
                )
            }
        }
    }
}
