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
/// changes nothing. `VENDORSYNC_TEST_LOG=debug` shows the in-process daemon's log (401 tests).
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
        try await renameFirstContact(hubspot: running.hubspot, to: name)
    }

    func renameFirstContact(hubspot: URL, to name: String) async throws -> String {
        let list = try await call("\(hubspot.absoluteString)/crm/v3/objects/contacts?limit=1", method: .GET, body: nil)
        let id = try #require(((list["results"] as? [[String: Any]])?.first?["id"]).map { "\($0)" })
        _ = try await call(
            "\(hubspot.absoluteString)/crm/v3/objects/contacts/\(id)", method: .PATCH,
            body: #"{"properties":{"firstname":"\#(name)"}}"#
        )
        return id
    }

    /// Renames the first HubSpot contact whose address starts with `emailPrefix`; returns its id.
    func renameContact(hubspot: URL, emailPrefix: String, to name: String) async throws -> String {
        let list = try await call("\(hubspot.absoluteString)/crm/v3/objects/contacts?limit=100&properties=email", method: .GET, body: nil)
        let match = (list["results"] as? [[String: Any]] ?? []).first {
            (($0["properties"] as? [String: Any])?["email"] as? String)?.hasPrefix(emailPrefix) == true
        }
        let id = try #require(match?["id"].map { "\($0)" })
        _ = try await call(
            "\(hubspot.absoluteString)/crm/v3/objects/contacts/\(id)", method: .PATCH,
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
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
    }

    /// Posts a webhook signed with `secret` at `timestampMs`; returns the status code.
    func postWebhook(_ running: Running, objectID: String, secret: String, timestampMs: Int64) async throws -> UInt {
        try await postWebhook(port: running.port, objectID: objectID, secret: secret, timestampMs: timestampMs)
    }

    func postWebhook(port: Int, objectID: String, secret: String, timestampMs: Int64) async throws -> UInt {
        let url = "http://127.0.0.1:\(port)/webhooks/hubspot"
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
        return UInt(try await HTTPClient.shared.execute(request, timeout: .seconds(60)).status.code)
    }

    func hubFirstName(_ running: Running, id: String) async throws -> String? {
        try await running.store.read { tx in
            guard let person = try tx.personID(vendor: "hubspot", recordKey: id) else { return nil }
            return try tx.loadPerson(person).state.attributes["first_name"]?.value
        }
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The daemon and the sandbox run as processes of their own; the latency is the hub diff's `recorded_at` (the
    /// daemon's clock when it applied the change) minus the wall time just before the POST, so a busy test process
    /// only delays when the test looks, not what it measures.
    @Test func aSignedWebhookBringsTheChangeIntoTheHubWithinFiveSeconds() async throws {
        let running = try await DaemonProcesses.start(
            seed: WalkingSkeletonTests.demo,
            daemonYAML: """
                daemon:
                  listen: "127.0.0.1:0"
                  intervalSeconds: 3600
                  drainIntervalSeconds: 1
                """,
            environment: ["VENDORSYNC_HUBSPOT_WEBHOOK_SECRET": Self.secret, "VENDORSYNC_LOG_LEVEL": "info"],
            readyStream: "hubspot/contacts"
        )
        do {
            // A contact only HubSpot has, renamed once the first passes and pushes are over, so no other vendor's
            // value for the same person competes with the edit (that is conflict resolution, not latency).
            try await running.waitUntilQuiet()
            let id = try await renameContact(hubspot: running.hubspot, emailPrefix: "hsonly", to: "Webhooked")
            let postedMs = Self.nowMs()
            let status = try await postWebhook(port: running.port, objectID: id, secret: Self.secret, timestampMs: postedMs)
            #expect(status == 204)
            var recordedMs: Int64?
            let deadline = ContinuousClock.now + .seconds(60)
            while recordedMs == nil, ContinuousClock.now < deadline {
                recordedMs = try await running.store.read { tx -> Int64? in
                    guard let person = try tx.personID(vendor: "hubspot", recordKey: id) else { return nil }
                    return try tx.diffs(personID: person).first { $0.diff.new == "Webhooked" }?.recordedAt
                }
                if recordedMs == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            if recordedMs == nil || recordedMs! - postedMs > 5_000 { print(running.log(lines: 60)) }
            let latency = try #require(recordedMs, "the change never reached the hub") - postedMs
            print("webhook to hub: \(latency) ms")
            #expect(latency <= 5_000, "in the hub \(latency) ms after the webhook's POST")
        } catch {
            await running.stop()
            throw error
        }
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
