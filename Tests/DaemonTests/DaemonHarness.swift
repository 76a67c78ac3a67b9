import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle
import SyncCore
import SyncEngine
import SyncStore
import Synchronization
@testable import VendorSyncDaemon

/// A daemon over a temporary store and one fake vendor, listening on a free port, pollers on a 1-hour interval
/// (so only the first pass and triggers pull).
struct DaemonHarness {
    let vendor: FakeVendor
    let store: SyncStore
    let daemon: Daemon

    init(receivers: [any WebhookReceiver] = [], notifier: SystemdNotifier = SystemdNotifier(environment: [:])) throws {
        vendor = FakeVendor("fake")
        vendor.edit("r1", email: "one@example.com", firstName: "One")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-\(UUID().uuidString).sqlite").path
        store = try SyncStore(path: path)
        let engine = SyncEngine(
            store: store, connectors: [vendor], configuration: EngineConfiguration(maxDrainWaitMs: 100),
            environment: ShutdownCheckpoint.environment
        )
        let configuration = DaemonConfiguration(
            port: 0, defaultInterval: .seconds(3600), drainInterval: .seconds(3600), shutdownGrace: .seconds(5)
        )
        var logger = Logger(label: "test.daemon")
        logger.logLevel = .warning
        daemon = Daemon(engine: engine, configuration: configuration, receivers: receivers, notifier: notifier, logger: logger)
    }

    /// Runs the daemon while `body` runs with the listener's port, then shuts it down gracefully.
    func run(_ body: @Sendable (Int) async throws -> Void) async throws {
        let port = Mutex(0)
        let group = daemon.makeServiceGroup(signals: []) { bound in port.withLock { $0 = bound } }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            while port.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            do {
                try await body(port.withLock { $0 })
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The hub's first name of the person with vendor key `key`, or `nil`.
    func hubFirstName(_ key: String) async throws -> String? {
        let vendor = vendor.vendor
        return try await store.read { tx in
            guard let id = try tx.personID(vendor: vendor, recordKey: key) else { return nil }
            return try tx.loadPerson(id).state.attributes["first_name"]?.value
        }
    }

    /// Waits up to `timeout` for `condition`. The default is generous: these tests check routing and effects, not
    /// latency (the 5-second webhook bound is measured with the daemon in its own process, in
    /// `HubSpotWebhookDaemonTests`), and the whole suite on 2 cores can keep this process's tasks waiting for tens of
    /// seconds.
    static func eventually(_ timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
