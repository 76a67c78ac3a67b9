import ConnectorKit
import Logging
import SyncEngine
import SyncStore

/// Composes store, connectors and engine to replay one dead letter.
public enum ReplayRunner {
    /// Replays dead letter `id` with the vendors of `config`.
    /// - Throws: `ConfigError`, `EngineError` (unknown or closed dead letter), store errors.
    public static func replay(
        config: AppConfig, databasePath: String, id: Int64, payload: String?, secrets: Secrets = Secrets(), logger: Logger
    ) async throws -> ReplayResult {
        let transport = AsyncHTTPClientTransport()
        do {
            let connectors = try ConnectorFactory(transport: transport, secrets: secrets, logger: logger).connectors(for: config)
            try await ConnectorFactory.applyRateLimits(config, to: connectors)
            let engine = SyncEngine(store: try SyncStore(path: databasePath), connectors: connectors, configuration: config.engine, logger: logger)
            let result = try await engine.replayDeadLetter(id: id, payload: payload)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}
