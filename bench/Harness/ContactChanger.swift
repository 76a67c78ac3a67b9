import ConnectorKit
import Foundation
import Logging
import SyncCore
import SyncStore
import VendorSyncApp

/// Changes contacts through the vendors' own APIs, with VendorSync's connectors (the same HTTP layer, batch sizes
/// and rate limits as a pass), so a following pass has real vendor-side changes to pull.
struct ContactChanger {
    let connectors: [any VendorConnector]
    let transport: AsyncHTTPClientTransport

    private init(connectors: [any VendorConnector], transport: AsyncHTTPClientTransport) {
        self.connectors = connectors
        self.transport = transport
    }

    /// Connectors built from the benchmark configuration `yaml` with the sandbox `secrets`, with the configuration's
    /// rate-limit overrides applied (as `vendorsync` does).
    /// - Throws: `ConfigError` when the configuration does not build.
    static func make(yaml: String, secrets: [String: String]) async throws -> ContactChanger {
        let transport = AsyncHTTPClientTransport()
        let config = try AppConfig.parse(yaml, source: "bench")
        var logger = Logger(label: "vendorsync.bench")
        logger.logLevel = .warning
        let connectors = try ConnectorFactory(transport: transport, secrets: Secrets(environment: secrets), logger: logger)
            .connectors(for: config)
        try await ConnectorFactory.applyRateLimits(config, to: connectors)
        return ContactChanger(connectors: connectors, transport: transport)
    }

    /// Vendor record keys the hub at `database` knows for `vendor`, in key order.
    /// - Throws: store errors.
    static func recordKeys(database: String, vendor: String) async throws -> [String] {
        let store = try SyncStore(path: database)
        var keys: [String] = []
        while true {
            let after = keys.last
            let page = try await store.read { tx in try tx.recordKeys(vendor: VendorName(rawValue: vendor), after: after, limit: 10_000) }
            keys += page
            if page.count < 10_000 { return keys }
        }
    }

    /// Sets `first_name` to `"\(label)-<n>"` on every record in `keys` of `vendor`, in the connector's batch size.
    /// Returns the number of records the vendor applied.
    /// - Throws: `BenchError` when the vendor is not configured or refuses a change.
    func setFirstName(vendor: String, keys: [String], label: String) async throws -> Int {
        guard let connector = connectors.first(where: { $0.vendor.rawValue == vendor }) else {
            throw BenchError("\(vendor) is not configured")
        }
        var applied = 0
        let batchSize = max(1, connector.pushBatchSize)
        for start in stride(from: 0, to: keys.count, by: batchSize) {
            let batch = keys[start..<min(keys.count, start + batchSize)].enumerated().map { offset, key in
                Mutation(
                    idempotencyKey: "bench-\(label)-\(vendor)-\(key)", vendor: VendorName(rawValue: vendor), recordKey: key,
                    email: nil, personRef: "bench-\(start + offset)", payload: .attributes(["first_name": "\(label)-\(start + offset)"]))
            }
            for outcome in try await connector.push(batch) {
                guard case .applied = outcome else { throw BenchError("\(vendor) refused a change: \(outcome)") }
                applied += 1
            }
        }
        return applied
    }

    func shutdown() async { try? await transport.shutdown() }
}
