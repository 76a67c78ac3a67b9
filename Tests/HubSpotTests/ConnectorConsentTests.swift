import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import HubSpotConnector

@Suite("HubSpot connector: consent")
struct ConnectorConsentTests {
    typealias Support = ConnectorTestSupport
    static let types = [
        HubSpotConnector.SubscriptionType(id: "101", topic: "newsletter"),
        HubSpotConnector.SubscriptionType(id: "102", topic: "product"),
    ]

    @Test("v3 statuses and opt-out properties map onto hub consent per type and channel-wide")
    func pullV3() async throws {
        let transport = try Support.replay("consent-v3")
        let connector = Support.connector(Support.configuration(subscriptionTypes: Self.types), transport: transport)
        let changes = Support.changes(try await Support.pullAll(connector, stream: "contacts").items)
        func states(_ id: String) -> [String: ConsentState] {
            let change = changes.first { $0.recordKey == id }
            return Dictionary(uniqueKeysWithValues: (change?.consent ?? []).map { ($0.key.topic, $0.state) })
        }
        #expect(states("10001") == ["*": .optedIn, "newsletter": .optedIn, "product": .optedOut])
        #expect(states("10002") == ["*": .optedOut, "newsletter": .unknown, "product": .unknown])
        let ada = try #require(changes.first { $0.recordKey == "10001" })
        let newsletter = try #require(ada.consent.first { $0.key.topic == "newsletter" })
        #expect(newsletter.legalBasis == "CONSENT_WITH_NOTICE")
        #expect(newsletter.evidence == "SUBSCRIBED/SUBSCRIPTION_STATUS")
        #expect(newsletter.at == 1_728_468_000_000)
        let bruno = try #require(changes.first { $0.recordKey == "10002" })
        #expect(bruno.consent.first?.evidence == "hs_email_optout=true")
        try transport.assertAllConsumed()
    }

    @Test("push: opt-out to every managed type (already-unsubscribed counts), no subscribe under portal-wide opt-out")
    func push() async throws {
        let transport = try Support.replay("consent-push")
        let connector = Support.connector(Support.configuration(subscriptionTypes: Self.types), transport: transport)
        func consent(
            _ key: String, _ email: String, _ topic: String, _ state: ConsentState, basis: String?, evidence: String
        ) -> Mutation {
            let record = ConsentRecord(
                state: state, at: 1_728_000_000_000, source: "braze", legalBasis: basis, evidence: evidence)
            return Mutation(
                idempotencyKey: key, vendor: "hubspot", recordKey: nil, email: email, personRef: "p",
                payload: .consent(ConsentKey(channel: .email, topic: topic), record))
        }
        let event = SendEvent(
            vendor: "braze", eventKey: "b-1", type: .open, at: 1_728_561_600_000, email: "chloe.costa@example.com",
            campaign: "spring")
        let outcomes = try await connector.push([
            consent(
                "c1", "ada.adler@example.com", "*", .optedOut, basis: "LEGITIMATE_INTEREST_CLIENT",
                evidence: "unsubscribed"),
            consent(
                "c2", "bruno.berg@example.com", "newsletter", .optedIn, basis: "CONSENT_WITH_NOTICE",
                evidence: "opted_in"),
            consent(
                "c3", "chloe.costa@example.com", "newsletter", .optedIn, basis: "CONSENT_WITH_NOTICE",
                evidence: "opted_in"),
            Mutation(
                idempotencyKey: "e1", vendor: "hubspot", recordKey: "10003", email: "chloe.costa@example.com",
                personRef: "p", payload: .event(event)),
            Mutation(
                idempotencyKey: "s1", vendor: "hubspot", recordKey: "10003", email: "chloe.costa@example.com",
                personRef: "p",
                payload: .suppression(Suppression(channel: .email, reason: .hardBounce, at: 0, source: "braze"))),
        ])
        #expect(
            outcomes == [
                .applied(recordKey: nil),
                .rejected(reason: "address is under a portal-wide email opt-out; not subscribed"),
                .applied(recordKey: nil),
                .applied(recordKey: "10003"),
                .rejected(reason: "not supported by hubspot connector"),
            ])
        try transport.assertAllConsumed()
    }

    @Test("channel-wide is opted out when every managed type is opted out, even without hs_email_optout")
    func everyTypeOptedOut() {
        let mapper = ConsentMapper(types: Self.types)
        let statuses = [
            SubscriptionStatus(id: "101", status: "UNSUBSCRIBED", source: "PUBLIC_API", legalBasis: nil, atMs: 5),
            SubscriptionStatus(id: "102", status: "UNSUBSCRIBED", source: "PUBLIC_API", legalBasis: "", atMs: 7),
        ]
        let observations = mapper.observations(
            statuses: statuses, properties: ["hs_email_optout": "false"], modifiedMs: 1)
        #expect(observations.map(\.state) == [.optedOut, .optedOut, .optedOut])
        #expect(observations.first?.at == 7)
        #expect(observations.last?.legalBasis == nil)
    }

    @Test("without status reads only the opt-out properties count")
    func propertiesOnly() {
        let mapper = ConsentMapper(types: Self.types)
        let observations = mapper.observations(
            statuses: nil, properties: ["hs_email_optout_101": "true"], modifiedMs: 9)
        #expect(observations.map(\.state) == [.unknown, .optedOut, .unknown])
        #expect(observations.map(\.at) == [9, 9, 9])
    }
}
