import BrazeSandbox
import ConnectorKit
import Foundation
import SandboxKit
import SyncCore
import Testing

@testable import BrazeConnector

@Suite("Braze invalid phones, hard bounces, subscription groups, events, blocklist")
struct ConnectorMoreStreamsTests {
    @Test("invalid phones resolve to the oldest identified profile (retrying with +) or are rejected")
    func invalidPhones() async throws {
        let (connector, transport) = try fixtureConnector("invalid-phones")
        var cursor: CursorToken?
        var items: [PulledItem] = []
        for _ in 0..<5 {
            let page = try await connector.pull(
                stream: "invalid_phones", after: cursor, context: PullContext(now: fixtureNow))
            items += page.items
            cursor = page.cursor
            if !page.hasMore { break }
        }
        try transport.assertAllConsumed()
        let change = try #require(items.compactMap(\.change).first)
        #expect(items.compactMap(\.change).count == 1)
        #expect(change.recordKey == "ph-1")
        #expect(
            change.suppressions == [
                Suppression(channel: .sms, reason: .hardBounce, at: 1_793_633_072_000, source: "braze")
            ])
        #expect(items.compactMap(\.rejected).map(\.reason) == ["phone: no identified Braze profile holds this number"])
        #expect(try connector.remap(try #require(items.compactMap(\.rejected).first)).rejected != nil)
    }

    @Test("hard bounces from the sandbox become email suppressions keyed by address")
    func hardBounces() async throws {
        let bounces =
            #"{"emails": [{"email": "bounced@example.com", "hard_bounced_at": "2026-11-03 07:00:00 +0000"}], "message": "success"}"#
        let state = try BrazeSandbox.loadSeed(
            from: try seedDirectory(["hard_bounces.json": bounces]), clock: sandboxClock())
        try await withBrazeSandbox(state) { connector, _ in
            let changes = try await pullAll(connector, "hard_bounces").compactMap(\.change)
            #expect(changes.map(\.email) == ["bounced@example.com"])
            #expect(
                changes.first?.suppressions == [
                    Suppression(channel: .email, reason: .hardBounce, at: 1_793_689_200_000, source: "braze")
                ])
            #expect(changes.first?.consent.isEmpty == true)
        }
    }

    @Test("a subscription group opt-in is written with /v2/subscription/status/set and read back by the sweep")
    func subscriptionGroups() async throws {
        let users =
            #"{"users": [{"external_id": "ext-9", "email": "groups@example.com", "created_at": "2024-01-01 00:00:00.000 UTC"}], "message": "success"}"#
        let state = try BrazeSandbox.loadSeed(from: try seedDirectory(["users.json": users]), clock: sandboxClock())
        let newsletter = SubscriptionGroupTopic(channel: .email, topic: "newsletter")
        try await withBrazeSandbox(state, configure: { $0.subscriptionGroups = ["grp-news": newsletter] }) {
            connector, _ in
            #expect(connector.pushCapabilities.consentKeys.contains(newsletter.key))
            let outcomes = try await connector.push([
                consentMutation(
                    "ext-9", email: "groups@example.com", personRef: "vs-9", state: .optedIn, topic: "newsletter")
            ])
            #expect(outcomes == [.applied(recordKey: "ext-9")])
            let context = PullContext(now: fixtureNow) { after, _ in after == nil ? ["ext-9"] : [] }
            let change = try #require(try await pullAll(connector, "profiles", context: context).first?.change)
            #expect(
                change.consent.contains(
                    ConsentObservation(
                        key: newsletter.key, state: .optedIn, at: nil,
                        evidence: "subscription_group grp-news=subscribed"
                    )))
        }
    }

    @Test("events go out as custom events carrying vendorsync_event_id")
    func events() async throws {
        try await withBrazeSandbox(BrazeSandboxState(clock: sandboxClock()), configure: { $0.pushEvents = true }) {
            connector, sandbox in
            let event = SendEvent(
                vendor: "hubspot", eventKey: "hs-evt-1", type: .click, at: fixtureNow - 3_600_000, campaign: "fall-sale"
            )
            let mutation = Mutation(
                idempotencyKey: "evt-key-1", vendor: "braze", recordKey: "ev-user", email: nil, personRef: "vs-ev",
                payload: .event(event))
            #expect(try await connector.push([mutation]) == [.applied(recordKey: "ev-user")])
            let stored = try #require(sandbox.state.events(externalId: "ev-user").first)
            #expect(stored["name"]?.stringValue == "vendorsync_click")
            #expect(stored["properties"]?["vendorsync_event_id"]?.stringValue == "evt-key-1")
            #expect(stored["properties"]?["campaign"]?.stringValue == "fall-sale")
        }
    }

    @Test("with blocklistHardBounces a hard-bounce suppression goes to /email/blocklist")
    func blocklist() async throws {
        let seen = RecordedRequests()
        var configuration = testConfiguration()
        configuration.blocklistHardBounces = true
        let connector = try BrazeConnector(configuration: configuration, transport: seen, logger: LogLines().logger())
        #expect(connector.pushCapabilities.suppressions)
        let mutation = Mutation(
            idempotencyKey: "b1", vendor: "braze", recordKey: "u-1", email: "gone@example.com", personRef: "vs-1",
            payload: .suppression(Suppression(channel: .email, reason: .hardBounce, at: fixtureNow, source: "hubspot"))
        )
        #expect(try await connector.push([mutation]) == [.applied(recordKey: "u-1")])
        #expect(seen.paths == ["/email/blocklist"])
        #expect(seen.bodies == [#"{"email":["gone@example.com"]}"#])
    }
}

/// Answers every request with `{"message": "success"}` and records paths and bodies.
final class RecordedRequests: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [TransportRequest] = []

    var paths: [String] { lock.withLock { requests.map(\.url.path) } }
    var bodies: [String] { lock.withLock { requests.map { String(decoding: $0.body ?? Data(), as: UTF8.self) } } }

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        lock.withLock { requests.append(request) }
        return VendorResponse(
            status: 201, headers: ["Content-Type": "application/json"], body: Data(#"{"message":"success"}"#.utf8))
    }
}
