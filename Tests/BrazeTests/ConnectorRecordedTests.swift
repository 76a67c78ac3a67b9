import BrazeSandbox
import ConnectorKit
import Foundation
import SandboxKit
import SyncCore
import Testing

@testable import BrazeConnector

/// Scenarios recorded from the sandbox: with `RECORD_FIXTURES=1` they run against a fresh sandbox (clock at
/// `fixtureNow`) and rewrite `fixtures/braze/<scenario>/`; otherwise they replay those files offline. The
/// assertions are the same either way.
@Suite("Braze connector: recorded from the sandbox")
struct ConnectorRecordedTests {
    static let newsletter = SubscriptionGroupTopic(channel: .email, topic: "newsletter")

    static func run(
        _ scenario: String, configure: (inout BrazeConnector.Configuration) -> Void = { _ in },
        _ body: (BrazeConnector) async throws -> Void
    ) async throws {
        guard FixtureRecordingTransport.isRequested() else {
            let (connector, replay) = try fixtureConnector(scenario, configure: configure)
            try await body(connector)
            try replay.assertAllConsumed()
            return
        }
        let sandbox = BrazeSandbox(
            configuration: SandboxConfiguration(rateLimits: .off), state: BrazeSandboxState(clock: sandboxClock()),
            apiKeys: [testAPIKey]
        )
        let url = try await sandbox.start()
        let network = AsyncHTTPClientTransport()
        let directory = fixturesRoot.appendingPathComponent("braze").appendingPathComponent(scenario)
        do {
            let recorder = try FixtureRecordingTransport(wrapping: network, directory: directory)
            var configuration = testConfiguration(url.absoluteString)
            configure(&configuration)
            try await body(
                try BrazeConnector(configuration: configuration, transport: recorder, logger: LogLines().logger()))
        } catch {
            try? await network.shutdown()
            await sandbox.stop()
            throw error
        }
        try await network.shutdown()
        await sandbox.stop()
    }

    @Test("create two profiles, opt one out and one into a group, read both back through the lists and the sweep")
    func roundTrip() async throws {
        try await Self.run("sandbox-round-trip", configure: { $0.subscriptionGroups = ["grp-news": Self.newsletter] }) {
            connector in
            let created = try await connector.push([
                Mutation(
                    idempotencyKey: "a1", vendor: "braze", recordKey: nil, email: "ines.ivanova@example.com",
                    personRef: "vs-ines", payload: .attributes(["first_name": "Ines", "city": "Sofia"])),
                Mutation(
                    idempotencyKey: "b1", vendor: "braze", recordKey: nil, email: "jonas.jensen@example.com",
                    personRef: "vs-jonas", payload: .attributes(["first_name": "Jonas"])),
            ])
            #expect(created == [.applied(recordKey: "vs-ines"), .applied(recordKey: "vs-jonas")])
            let updated = try await connector.push([
                consentMutation("vs-ines", email: "ines.ivanova@example.com", personRef: "vs-ines", state: .optedOut),
                consentMutation(
                    "vs-jonas", email: "jonas.jensen@example.com", personRef: "vs-jonas", state: .optedIn,
                    topic: "newsletter"),
            ])
            #expect(updated == [.applied(recordKey: "vs-ines"), .applied(recordKey: "vs-jonas")])
            let unsubscribes = try await pullAll(connector, "unsubscribes").compactMap(\.change)
            #expect(unsubscribes.map(\.email) == ["ines.ivanova@example.com"])
            let context = PullContext(now: fixtureNow) { after, _ in after == nil ? ["vs-ines", "vs-jonas"] : [] }
            let profiles = try await pullAll(connector, "profiles", context: context).compactMap(\.change)
            #expect(profiles.map(\.recordKey) == ["vs-ines", "vs-jonas"])
            #expect(profiles.first?.attributes["city"]?.value == "Sofia")
            #expect(profiles.first?.consent.first { $0.key == ConsentKey(channel: .email) }?.state == .optedOut)
            #expect(profiles.last?.consent.first { $0.key == Self.newsletter.key }?.state == .optedIn)
        }
    }
}
