import ConnectorTestKit
import ConnectorKit
import Foundation
import HubSpotSandbox
import SandboxKit
import SyncCore
import Testing

@testable import HubSpotConnector

/// The connector against the local HubSpot emulator (`HubSpotSandbox`) over real HTTP on port 0.
@Suite("HubSpot connector: against the sandbox")
struct ConnectorSandboxTests {
    typealias Support = ConnectorTestSupport

    /// Starts a sandbox on `state` (vendor rate limits off), runs `body` with a connector pointed at it.
    static func withSandbox(
        _ state: HubSpotSandboxState, subscriptionTypes: [HubSpotConnector.SubscriptionType] = [],
        configure: (inout HubSpotConnector.Configuration) -> Void = { _ in },
        _ body: (HubSpotConnector, HubSpotSandboxState) async throws -> Void
    ) async throws {
        let sandbox = HubSpotSandbox(configuration: SandboxConfiguration(rateLimits: .off), state: state)
        let baseURL = try await sandbox.start()
        let transport = AsyncHTTPClientTransport()
        var configuration = HubSpotConnector.Configuration(
            baseURL: baseURL, auth: .privateApp(token: "pat-sandbox"), subscriptionTypes: subscriptionTypes,
            burstLimit: 1_000_000, dailyLimit: 10_000_000, searchPerSecond: 1_000_000
        )
        configure(&configuration)
        let connector = HubSpotConnector(configuration: configuration, transport: transport)
        try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
            try await body(connector, state)
        }
    }

    static let hooks = ConformanceHubSpotTests.hooks

    @Test(
        "25,000 contacts, 12,000 sharing one lastmodifieddate: each exactly once; a second pass yields only the lookback overlap; a later change is pulled next"
    )
    func sharedTimestamp() async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let day: Int64 = 86_400_000
        let options = HubSpotGenerationOptions(
            contactsSharingTimestamp: 12_000, sharedTimestampMs: now - 100 * day, rangeStartMs: now - 365 * day,
            rangeEndMs: now - day
        )
        let state = HubSpotSandbox.generated(contacts: 25_000, randomSeed: 42, options: options)
        try await Self.withSandbox(state) { connector, _ in
            let first = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks)
            let changes = Support.changes(first.items)
            #expect(changes.count == 25_000)
            #expect(Set(changes.compactMap(\.recordKey)).count == 25_000)
            #expect(changes.filter { $0.attributes["email"]?.at == now - 100 * day }.count == 12_000)
            ConformanceSuite.checkpointsMonotonic(first.cursors, hooks: Self.hooks)
            let lastCursor = try #require(first.cursors.last)
            let watermark = try #require(try Support.contactsCursor(lastCursor).watermarkMs)

            let second = try await ConformanceSuite.paginationTerminates(
                connector, hooks: Self.hooks, from: first.cursors.last)
            let overlap = Set(
                changes.filter { ($0.attributes["email"]?.at ?? 0) >= watermark - 300_000 }.compactMap(\.recordKey))
            #expect(Set(Support.changes(second.items).compactMap(\.recordKey)) == overlap)
            #expect(second.items.count == overlap.count)

            let target = try #require(changes.first?.recordKey)
            let outcome = try await connector.push([
                Mutation(
                    idempotencyKey: "touch-1", vendor: "hubspot", recordKey: target, email: changes.first?.email,
                    personRef: "p1", payload: .attributes(["city": "Lisbon"]))
            ])
            #expect(outcome == [.applied(recordKey: target)])
            let third = try await ConformanceSuite.paginationTerminates(
                connector, hooks: Self.hooks, from: second.cursors.last)
            let touched = Support.changes(third.items).first { $0.recordKey == target }
            #expect(touched?.attributes["city"]?.value == "Lisbon")
        }
    }

    @Test("bad input from the portal (invalid email, 1 MB property) is rejected naming the field; the rest is mapped")
    func badInput() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hubspot-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func contact(_ id: Int, _ email: String, _ city: String, _ modified: String) -> [String: Any] {
            [
                "id": String(id), "archived": false, "createdAt": "2025-01-01T00:00:00.000Z",
                "properties": ["email": email, "city": city, "lastmodifieddate": modified, "firstname": "Name\(id)"],
            ]
        }
        let contacts = [
            contact(501, "umar.ok@example.com", "Oslo", "2025-02-01T10:00:00.000Z"),
            contact(502, "not-an-email", "Rome", "2025-02-01T10:00:01.000Z"),
            contact(503, "vera.big@example.com", String(repeating: "x", count: 1_048_576), "2025-02-01T10:00:02.000Z"),
            contact(504, "wim.ok@example.com", "Gent", "2025-02-01T10:00:03.000Z"),
        ]
        try JSONSerialization.data(withJSONObject: contacts).write(
            to: directory.appendingPathComponent("contacts.json"))
        let state = try HubSpotSandbox.loadSeed(from: directory)
        try await Self.withSandbox(state) { connector, _ in
            let pass = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks)
            #expect(Support.changes(pass.items).compactMap(\.recordKey) == ["501", "504"])
            let reasons = Dictionary(
                uniqueKeysWithValues: Support.rejections(pass.items).map { ($0.recordKey ?? "", $0.reason) })
            #expect(
                reasons == [
                    "502": "email: not a valid address",
                    "503": "city: value of 1048576 bytes exceeds the 65536-byte limit",
                ])
        }
    }

    @Test("push round trip: create by email returns the new id; opt-out of every managed type reads back opted out")
    func pushRoundTrip() async throws {
        let types = [
            HubSpotConnector.SubscriptionType(id: "1001", topic: "newsletter"),
            HubSpotConnector.SubscriptionType(id: "1002", topic: "product"),
        ]
        try await Self.withSandbox(HubSpotSandboxState(), subscriptionTypes: types) { connector, state in
            let created = try await connector.push([
                Support.attributes("n1", email: "yara.new@example.com", ["first_name": "Yara", "last_name": "Young"]),
                Support.attributes("n2", email: "zoe.new@example.com", ["first_name": "Zoe"]),
            ])
            let yara = try #require(state.contactId(forEmail: "yara.new@example.com"))
            #expect(created[0] == .applied(recordKey: yara))
            #expect(created[1] == .applied(recordKey: state.contactId(forEmail: "zoe.new@example.com")))
            let optOut = ConsentRecord(
                state: .optedOut, at: 1, source: "braze", legalBasis: "LEGITIMATE_INTEREST_CLIENT")
            let outcomes = try await connector.push([
                Mutation(
                    idempotencyKey: "o1", vendor: "hubspot", recordKey: yara, email: "yara.new@example.com",
                    personRef: "p", payload: .consent(ConsentKey(channel: .email), optOut)),
                Mutation(
                    idempotencyKey: "o2", vendor: "hubspot", recordKey: yara, email: "yara.new@example.com",
                    personRef: "p", payload: .consent(ConsentKey(channel: .email), optOut)),
            ])
            #expect(outcomes == [.applied(recordKey: yara), .applied(recordKey: yara)])
            let pass = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks)
            let change = try #require(Support.changes(pass.items).first { $0.recordKey == yara })
            let states = Dictionary(uniqueKeysWithValues: change.consent.map { ($0.key.topic, $0.state) })
            #expect(states == ["*": .optedOut, "newsletter": .optedOut, "product": .optedOut])
        }
    }

    @Test("first-run listing over 1,000 contacts: each once; the next search pass finds nothing older than the listing")
    func firstRunListing() async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let options = HubSpotGenerationOptions(rangeStartMs: now - 30 * 86_400_000, rangeEndMs: now - 86_400_000)
        let state = HubSpotSandbox.generated(contacts: 1_000, randomSeed: 3, options: options)
        var hooks = Self.hooks
        hooks.now = now
        try await Self.withSandbox(state, configure: { $0.initialListing = true }) { connector, _ in
            let first = try await ConformanceSuite.paginationTerminates(connector, hooks: hooks)
            #expect(first.cursors.count == 10)
            #expect(Set(Support.changes(first.items).compactMap(\.recordKey)).count == 1_000)
            let second = try await ConformanceSuite.paginationTerminates(
                connector, hooks: hooks, from: first.cursors.last)
            #expect(second.items.count == 0)
        }
    }

    @Test(
        "with injected 503, 429 and truncated bodies, re-pulling failed pages from the last cursor yields each contact once"
    )
    func faults() async throws {
        let options = HubSpotGenerationOptions(contactsSharingTimestamp: 600)
        let state = HubSpotSandbox.generated(contacts: 3_000, randomSeed: 11, options: options)
        let faults = FaultSpec(serverError: 0.15, rateLimited: 0.15, malformed: 0.1)
        let sandbox = HubSpotSandbox(
            configuration: SandboxConfiguration(rateLimits: .off, faults: faults, randomSeed: 5), state: state)
        let baseURL = try await sandbox.start()
        let transport = AsyncHTTPClientTransport()
        let clock = VirtualClock()
        var configuration = Support.configuration(pageSize: 200)
        configuration.baseURL = baseURL
        configuration.auth = .privateApp(token: "pat-sandbox")
        configuration.searchPerSecond = 1_000_000
        let connector = Support.connector(configuration, transport: transport, clock: clock)
        var cursor: CursorToken?
        var keys: [String] = []
        var failedPages = 0
        try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
            for _ in 0..<500 {
                let page: Page
                do {
                    page = try await connector.pull(stream: "contacts", after: cursor, context: PullContext(now: 0))
                } catch let error as ConnectorError {
                    guard case .retryLater = error.recovery else { throw error }
                    failedPages += 1  // the engine keeps the last committed cursor and pulls the page again
                    continue
                }
                keys += Support.changes(page.items).compactMap(\.recordKey)
                cursor = page.cursor
                if !page.hasMore { break }
            }
        }
        #expect(keys.count == 3_000)
        #expect(Set(keys).count == 3_000)
        #expect(sandbox.faultCounters.totalFailures > 0)
        #expect(failedPages > 0)
        #expect(!clock.sleeps.isEmpty)
    }

    @Test(
        "OAuth against the sandbox: a token the portal expired is refreshed after its 401; an expired cache refreshes ahead"
    )
    func oauthRefresh() async throws {
        let startMs: Int64 = 1_767_225_600_000
        let sandboxClock = SandboxClock.manual(at: Date(timeIntervalSince1970: Double(startMs) / 1000))
        let state = HubSpotSandboxState(clock: sandboxClock)
        let sandbox = HubSpotSandbox(
            configuration: SandboxConfiguration(rateLimits: .off, faults: FaultSpec(tokenTTL: 60)), state: state)
        let baseURL = try await sandbox.start()
        let transport = AsyncHTTPClientTransport()
        let clock = VirtualClock(startMs: startMs)
        var configuration = Support.configuration()
        configuration.baseURL = baseURL
        configuration.auth = .oauth(
            clientId: "sandbox-client-id", clientSecret: "sandbox-client-secret", refreshToken: "sandbox-refresh-token")
        let connector = Support.connector(configuration, transport: transport, clock: clock)
        try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
            _ = try await Support.pullAll(connector, stream: "contacts")
            #expect(connector.client.stats.authRefreshes == 0)
            sandboxClock.advance(by: 120)  // the portal expires the token; our cache still thinks it is valid
            _ = try await Support.pullAll(connector, stream: "contacts")
            #expect(connector.client.stats.authRefreshes == 1)
            sandboxClock.advance(by: 120)
            clock.advance(by: 240_000)  // both clocks agree: the cache renews before sending
            _ = try await Support.pullAll(connector, stream: "contacts")
            #expect(connector.client.stats.authRefreshes == 1)
        }
    }
}
