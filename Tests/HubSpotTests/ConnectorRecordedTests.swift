import ConnectorKit
import Foundation
import HubSpotSandbox
import SandboxKit
import SyncCore
import Testing

@testable import HubSpotConnector

/// Scenarios recorded from the sandbox: with `RECORD_FIXTURES=1` they run against a fresh sandbox and rewrite
/// `fixtures/hubspot/<scenario>/`; otherwise they replay those files offline. The assertions are the same.
@Suite("HubSpot connector: recorded from the sandbox")
struct ConnectorRecordedTests {
    typealias Support = ConnectorTestSupport
    static let types = [
        HubSpotConnector.SubscriptionType(id: "1001", topic: "marketing"),
        HubSpotConnector.SubscriptionType(id: "1002", topic: "one_to_one"),
    ]

    /// Runs `body` with a connector whose transport records from a sandbox or replays `scenario`.
    static func run(
        _ scenario: String, configure: (inout HubSpotConnector.Configuration) -> Void,
        seed: (HubSpotSandboxState) -> Void = { _ in }, _ body: (HubSpotConnector) async throws -> Void
    ) async throws {
        var configuration = Support.configuration(subscriptionTypes: types)
        configure(&configuration)
        guard FixtureRecordingTransport.isRequested() else {
            let replay = try Support.replay(scenario)
            try await body(Support.connector(configuration, transport: replay))
            try replay.assertAllConsumed()
            return
        }
        let clock = SandboxClock.manual(at: Date(timeIntervalSince1970: 1_767_225_600))  // 2026-01-01T00:00:00Z
        let state = HubSpotSandboxState(clock: clock)
        seed(state)
        let sandbox = HubSpotSandbox(
            configuration: SandboxConfiguration(rateLimits: .off), state: state,
            accessTokens: ["pat-fixture"]
        )
        configuration.baseURL = try await sandbox.start()
        let network = AsyncHTTPClientTransport()
        let directory = Support.fixturesRoot.appendingPathComponent("hubspot").appendingPathComponent(scenario)
        let recorder = try FixtureRecordingTransport(wrapping: network, directory: directory)
        do {
            try await body(Support.connector(configuration, transport: recorder))
        } catch {
            try? await network.shutdown()
            await sandbox.stop()
            throw error
        }
        try await network.shutdown()
        await sandbox.stop()
    }

    @Test("consent v4: create contacts, opt one in and one out, read both back through the v4 batch read")
    func consentV4() async throws {
        try await Self.run("sandbox-consent-v4", configure: { $0.consentAPI = .v4 }) { connector in
            let created = try await connector.push([
                Support.attributes("c1", email: "ada.adler@example.com", ["first_name": "Ada"]),
                Support.attributes("c2", email: "bruno.berg@example.com", ["first_name": "Bruno"]),
            ])
            let ada = try #require(created.first.flatMap { if case .applied(let key) = $0 { key } else { nil } })
            let optIn = ConsentRecord(state: .optedIn, at: 1, source: "braze", legalBasis: "CONSENT_WITH_NOTICE")
            let optOut = ConsentRecord(
                state: .optedOut, at: 1, source: "braze", legalBasis: "LEGITIMATE_INTEREST_CLIENT")
            let outcomes = try await connector.push([
                Mutation(
                    idempotencyKey: "k1", vendor: "hubspot", recordKey: ada, email: "ada.adler@example.com",
                    personRef: "p1", payload: .consent(ConsentKey(channel: .email, topic: "marketing"), optIn)),
                Mutation(
                    idempotencyKey: "k2", vendor: "hubspot", recordKey: nil, email: "bruno.berg@example.com",
                    personRef: "p2", payload: .consent(ConsentKey(channel: .email), optOut)),
            ])
            #expect(outcomes == [.applied(recordKey: ada), .applied(recordKey: nil)])
            let changes = Support.changes(try await Support.pullAll(connector, stream: "contacts").items)
            func states(_ email: String) -> [String: ConsentState] {
                let change = changes.first { $0.email == email }
                return Dictionary(uniqueKeysWithValues: (change?.consent ?? []).map { ($0.key.topic, $0.state) })
            }
            #expect(states("ada.adler@example.com") == ["*": .optedIn, "marketing": .optedIn, "one_to_one": .unknown])
            #expect(
                states("bruno.berg@example.com") == ["*": .optedOut, "marketing": .optedOut, "one_to_one": .optedOut])
            let marketing = changes.first { $0.email == "ada.adler@example.com" }?.consent.first {
                $0.key.topic == "marketing"
            }
            #expect(marketing?.legalBasis == "CONSENT_WITH_NOTICE")
            #expect(marketing?.at == 1_767_225_600_000)
        }
    }

    /// Five v1 email events from 2025-12-31T00:00:00Z, one a minute; the last has no recipient.
    static func seedEvents(_ state: HubSpotSandboxState) {
        let base: Int64 = 1_767_139_200_000
        func event(_ n: Int64, _ type: String, _ recipient: String?, category: String? = nil) -> JSONValue {
            var object: [String: JSONValue] = [
                "id": .string("ev-\(n)"), "created": .int(base + (n - 1) * 60_000), "type": .string(type),
                "portalId": 62515, "appId": 113, "appName": "BatchEmail", "emailCampaignId": 31_000_001,
            ]
            if let recipient { object["recipient"] = .string(recipient) }
            if let category { object["category"] = .string(category) }
            return .object(object)
        }
        state.addEmailEvents([
            event(1, "SENT", "ada.adler@example.com"),
            event(2, "BOUNCE", "bruno.berg@example.com", category: "HARD_BOUNCE"),
            event(3, "BOUNCE", "chloe.costa@example.com", category: "MAILBOX_FULL"),
            event(4, "SPAMREPORT", "dario.dahl@example.com"), event(5, "OPEN", nil),
        ])
    }

    @Test("email events: hard bounce and spam report map to the suppression event types; keys are created:id")
    func emailEvents() async throws {
        try await Self.run("sandbox-email-events", configure: { _ in }, seed: Self.seedEvents) { connector in
            let events = try await Support.pullAll(connector, stream: "email_events", now: 1_767_225_600_000)
            let sent = Support.changes(events.items).flatMap(\.events)
            #expect(sent.map(\.type) == [.sent, .hardBounce, .softBounce, .spamComplaint])
            #expect(
                sent.map(\.eventKey) == [
                    "1767139200000:ev-1", "1767139260000:ev-2", "1767139320000:ev-3", "1767139380000:ev-4",
                ])
            #expect(Support.rejections(events.items).map(\.reason) == ["recipient: missing or not a valid address"])
        }
    }
}
