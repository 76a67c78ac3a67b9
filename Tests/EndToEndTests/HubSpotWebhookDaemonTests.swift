import AsyncHTTPClient
import Foundation
import HubSpotConnector
import Logging
import NIOCore
import NIOHTTP1
import SyncCore
import SyncStore
import Synchronization
import Testing
import VendorSyncApp

/// `vendorsync run` against the HubSpot and Braze sandboxes: a webhook signed with HubSpot's signature v3 makes the
/// changed contact appear in the hub within 5 seconds of the webhook's POST (the daemon reads the named contact by
/// id, independent of the pollers, whose interval here is an hour); a forged or stale one is refused with 401 and
/// changes nothing. `VENDORSYNC_TEST_LOG=debug` shows the daemon's log.
struct HubSpotWebhookDaemonTests {
    static let secret = "webhook-test-secret"

    struct Running {
        let port: Int
        let hubspot: URL
        let store: SyncStore
        let task: Task<Void, any Error>
        let host: SandboxHost

        func stop() async {
            task.cancel()
            _ = await task.result
            await host.stop()
        }
    }

    func start() async throws -> Running {
        var options = SandboxHost.Options()
        options.hubspotPort = 0
        options.brazePort = 0
        options.seedDirectory = WalkingSkeletonTests.demo
        let host = try SandboxHost(options: options)
        let urls = try await host.start()
        let yaml = SandboxHost.configuration(for: urls) + """

            daemon:
              listen: "127.0.0.1:0"
              intervalSeconds: 3600
              drainIntervalSeconds: 1
            """
        let config = try AppConfig.parse(yaml, source: "test")
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-e2e-\(UUID().uuidString).sqlite").path
        var environment = SandboxHost.credentials
        environment["VENDORSYNC_HUBSPOT_WEBHOOK_SECRET"] = Self.secret
        let port = Mutex(0)
        var logger = Logger(label: "e2e.daemon")
        logger.logLevel = ProcessInfo.processInfo.environment["VENDORSYNC_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let task = Task {
            try await DaemonRunner.run(
                config: config, databasePath: database, secrets: Secrets(environment: environment), logger: logger
            ) { bound in port.withLock { $0 = bound } }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while port.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let store = try SyncStore(path: database)
        // The first pass of the contacts stream has committed once its cursor exists.
        while ContinuousClock.now < deadline {
            let cursors = try await store.read { tx in try tx.cursors().map { "\($0.vendor)/\($0.stream)" } }
            if cursors.contains("hubspot/contacts") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return Running(port: port.withLock { $0 }, hubspot: urls[0].url, store: store, task: task, host: host)
    }

    /// Renames the first HubSpot contact through the API; returns its id.
    func renameFirstContact(_ running: Running, to name: String) async throws -> String {
        let list = try await call("\(running.hubspot.absoluteString)/crm/v3/objects/contacts?limit=1", method: .GET, body: nil)
        let id = try #require(((list["results"] as? [[String: Any]])?.first?["id"]).map { "\($0)" })
        _ = try await call(
            "\(running.hubspot.absoluteString)/crm/v3/objects/contacts/\(id)", method: .PATCH,
            body: #"{"properties":{"firstname":"\#(name)"}}"#
        )
        return id
    }

    func call(_ url: String, method: HTTPMethod, body: String?) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer pat-sandbox")
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
    }

    /// Posts a webhook signed with `secret` at `timestampMs`; returns the status code.
    func postWebhook(_ running: Running, objectID: String, secret: String, timestampMs: Int64) async throws -> UInt {
        let url = "http://127.0.0.1:\(running.port)/webhooks/hubspot"
        let body = #"[{"eventId":1,"subscriptionId":25,"portalId":33,"occurredAt":\#(timestampMs),"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":\#(objectID),"propertyName":"firstname","changeSource":"CRM"}]"#
        let signature = HubSpotWebhookReceiver.signatureV3(
            clientSecret: secret, method: "POST", url: url, body: Array(body.utf8), timestamp: String(timestampMs)
        )
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-HubSpot-Signature-v3", value: signature)
        request.headers.add(name: "X-HubSpot-Request-Timestamp", value: String(timestampMs))
        request.body = .bytes(ByteBuffer(string: body))
        return UInt(try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status.code)
    }

    func hubFirstName(_ running: Running, id: String) async throws -> String? {
        try await running.store.read { tx in
            guard let person = try tx.personID(vendor: "hubspot", recordKey: id) else { return nil }
            return try tx.loadPerson(person).state.attributes["first_name"]?.value
        }
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    @Test func aSignedWebhookBringsTheChangeIntoTheHubWithinFiveSeconds() async throws {
        let running = try await start()
        let id = try await renameFirstContact(running, to: "Webhooked")
        let posted = ContinuousClock.now
        let deadline = posted + .seconds(5)
        let status = try await postWebhook(running, objectID: id, secret: Self.secret, timestampMs: Self.nowMs())
        #expect(status == 204)
        var name = try await hubFirstName(running, id: id)
        while name != "Webhooked", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            name = try await hubFirstName(running, id: id)
        }
        let latency = ContinuousClock.now - posted
        print("webhook to hub: \(latency.formatted(.units(allowed: [.milliseconds])))")
        #expect(name == "Webhooked", "not in the hub \(latency) after the webhook")
        await running.stop()
    }

    @Test(arguments: ["forged", "stale"])
    func aForgedOrStaleWebhookIs401AndChangesNothing(kind: String) async throws {
        let running = try await start()
        let id = try await renameFirstContact(running, to: "Sneaky")
        let before = try await hubFirstName(running, id: id)
        let status = kind == "forged"
            ? try await postWebhook(running, objectID: id, secret: "not-the-secret", timestampMs: Self.nowMs())
            : try await postWebhook(running, objectID: id, secret: Self.secret, timestampMs: Self.nowMs() - 6 * 60_000)
        #expect(status == 401)
        try await Task.sleep(for: .seconds(1.5))
        #expect(try await hubFirstName(running, id: id) == before)
        #expect(before != "Sneaky")
        await running.stop()
    }
}
