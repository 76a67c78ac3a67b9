import ConnectorTestKit
import ConnectorKit
import Foundation
import SyncCore
import Testing
@testable import SFMCConnector

/// Replays recorded conversations of `fixtures/sfmc/<scenario>/`.
@Suite("SFMC connector: fixture replay")
struct ConnectorFixtureTests {
    typealias Support = TestSupport

    static func utc(_ text: String) throws -> UTCMillis { try VendorTime.parse(text, field: "test") }

    @Test("a 3-page Retrieve is followed with ContinueRequest; the watermark moves only at the end")
    func threePages() async throws {
        let transport = try Support.replay("three-page-retrieve")
        let connector = Support.connector(Support.configuration(pageSize: 2), transport: transport)
        let pass = try await Support.pullAll(connector, stream: "subscribers")
        try transport.assertAllConsumed()
        #expect(pass.cursors.count == 3)
        #expect(Support.changes(pass.items).compactMap(\.recordKey) == ["sk-0005", "sk-0006", "sk-0007", "sk-0008", "sk-0009", "sk-0010"])
        let first = try #require(try pass.cursors[0].decode(RetrieveCursor.self, expectedVersion: 1))
        #expect(first.watermarkMs == nil)
        #expect(first.requestID == "f7a1c2d3-0000-4000-8000-000000000001")
        let last = try #require(try pass.cursors[2].decode(RetrieveCursor.self, expectedVersion: 1))
        #expect(last.watermarkMs == (try Self.utc("2026-05-02T16:00:00.000Z")))
        #expect(last.requestID == nil)
    }

    @Test("a token expiring between page 2 and 3 is renewed once and page 3 is read")
    func tokenExpiry() async throws {
        let transport = try Support.replay("token-expiry-mid-retrieve")
        let connector = Support.connector(Support.configuration(pageSize: 2), transport: transport)
        let pass = try await Support.pullAll(connector, stream: "subscribers")
        try transport.assertAllConsumed()
        #expect(Support.changes(pass.items).count == 6)
        #expect(await connector.tokens.fetchCount == 2)
        #expect(connector.client.stats.authRefreshes == 1)
    }

    @Test("an Error: OverallStatus on HTTP 200 is a permanent ConnectorError, not an empty success")
    func errorStatus() async throws {
        let transport = try Support.replay("error-overall-status")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await connector.pull(stream: "subscribers", after: nil, context: PullContext(now: 0))
        }
        #expect(error?.code == .permanent)
        #expect(error?.httpStatus == 200)
        #expect(error?.vendorCategory == "OverallStatus")
        #expect(error?.message.contains("Nickname") == true)
    }

    @Test("a SOAP Client fault fails the request with the faultstring")
    func soapFault() async throws {
        let transport = try Support.replay("soap-fault")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await connector.pull(stream: "subscribers", after: nil, context: PullContext(now: 0))
        }
        #expect(error?.code == .permanent)
        #expect(error?.vendorCategory == "Client")
        #expect(error?.message.contains("Unable to parse") == true)
    }

    @Test("naive CST dates around the US spring-forward hour convert with a fixed −6 h")
    func springForward() async throws {
        let transport = try Support.replay("cst-spring-forward")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let pass = try await Support.pullAll(connector, stream: "subscribers")
        let byKey = Dictionary(uniqueKeysWithValues: Support.changes(pass.items).map { ($0.recordKey ?? "", $0) })
        #expect(byKey["sk-0101"]?.attributes["email"]?.at == (try Self.utc("2026-03-08T07:30:00Z")))
        #expect(byKey["sk-0102"]?.attributes["email"]?.at == (try Self.utc("2026-03-08T08:30:00Z")))
        #expect(byKey["sk-0103"]?.attributes["email"]?.at == (try Self.utc("2026-03-08T09:30:00Z")))
        let optOut = try #require(byKey["sk-0104"]?.consent.first)
        #expect(optOut.state == .optedOut)
        #expect(optOut.key == ConsentKey(channel: .email))
        #expect(optOut.at == (try Self.utc("2026-07-01T18:00:00Z")))
    }

    @Test("a partial Create failure gives one outcome per item from its OrdinalID")
    func partialCreate() async throws {
        let transport = try Support.replay("partial-create")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let outcomes = try await ConformanceSuite.oneOutcomePerItem(connector, mutations: [
            Support.mutation("a", recordKey: "sk-0005", email: nil, .attributes(["first_name": "Elena"])),
            Support.mutation("b", recordKey: "sk-0006", email: nil, .attributes(["email": "felix@example.com"])),
            Support.mutation("c", recordKey: "sk-0007", email: nil, .attributes(["last_name": "Lee"])),
        ])
        try transport.assertAllConsumed()
        #expect(outcomes[0] == .applied(recordKey: "sk-0005"))
        #expect(outcomes[1] == .rejected(reason: "ErrorCode 12001: Invalid email address"))
        #expect(outcomes[2] == .applied(recordKey: "sk-0007"))
    }

    @Test("a filter with one list uses equals, never a one-value IN")
    func oneValueFilter() async throws {
        let recorder = RecordingTransport(try Support.replay("one-value-filter"))
        let connector = Support.connector(Support.configuration(), transport: recorder)
        let pass = try await Support.pullAll(connector, stream: "list_subscribers")
        let body = try #require(recorder.requests.last?.body)
        #expect(body.contains("<Property>ListID</Property><SimpleOperator>equals</SimpleOperator><Value>1001</Value>"))
        #expect(!body.contains(">IN<"))
        let consent = try #require(Support.changes(pass.items).first?.consent.first)
        #expect(consent.key == ConsentKey(channel: .email, topic: "newsletter"))
        #expect(consent.state == .optedOut)
    }

    @Test("malformed EventDate, empty SubscriberKey and unknown Status are rejected with a reason")
    func badRecords() async throws {
        let transport = try Support.replay("bad-records")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let events = try await Support.pullAll(connector, stream: "events")
        let eventRejections = Support.rejections(events.items).map(\.reason)
        #expect(eventRejections.count == 2)
        #expect(eventRejections.contains("EventDate: unparseable timestamp \"2026-13-45T08:00:00.000\""))
        #expect(eventRejections.contains { $0.hasPrefix("SubscriberKey: empty") })
        let bounce = Support.changes(events.items).first { $0.recordKey == "sk-0007" }?.events.first
        #expect(bounce?.type == .hardBounce)
        let subscribers = try await Support.pullAll(connector, stream: "subscribers")
        try transport.assertAllConsumed()
        let reasons = Support.rejections(subscribers.items).map(\.reason)
        #expect(reasons == ["Status: unknown value \"Pending\"", "ModifiedDate: unparseable timestamp \"yesterday\""])
        let held = try #require(Support.changes(subscribers.items).first)
        #expect(held.suppressions.map(\.reason) == [.hardBounce])
        #expect(held.consent.isEmpty)
        let rejected = try #require(Support.rejections(subscribers.items).first)
        if case .rejected(let again) = try connector.remap(rejected) { #expect(again.reason == rejected.reason) } else {
            Issue.record("remap of an unknown status must stay rejected")
        }
    }

    @Test("a truncated XML body is retried, and on the last attempt fails as malformedResponse")
    func truncated() async throws {
        let transport = try Support.replay("truncated-body")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let pass = try await Support.pullAll(connector, stream: "subscribers")
        try transport.assertAllConsumed()
        #expect(Support.changes(pass.items).count == 2)
        #expect(connector.client.stats.retries == 1)

        let once = Support.connector(Support.configuration(), transport: try Support.replay("truncated-body"), retry: .none)
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await once.pull(stream: "subscribers", after: nil, context: PullContext(now: 0))
        }
        #expect(error?.code == .malformedResponse)
        #expect(error?.message.contains("truncated") == true)
        #expect(error?.recovery == .retryLater(afterMs: nil))
    }

    @Test("429 errorcode 50200 backs off for minutes: handed to the engine as retryLater")
    func temporarilyBlocked() async throws {
        let connector = Support.connector(Support.configuration(), transport: try Support.replay("temporarily-blocked"))
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await connector.pull(stream: "subscribers", after: nil, context: PullContext(now: 0))
        }
        #expect(error?.code == .rateLimited)
        #expect(error?.recovery == .retryLater(afterMs: 300_000))
    }

    @Test("subscriber scenarios yield exactly the keys their expected.json lists, and use every fixture",
          arguments: ["three-page-retrieve", "token-expiry-mid-retrieve", "truncated-body"])
    func expectedKeys(scenario: String) async throws {
        let url = Support.fixturesRoot.appendingPathComponent("sfmc/\(scenario)/expected.json")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let keys = try #require(expected?["subscriberKeys"] as? [String])
        let transport = try Support.replay(scenario)
        let connector = Support.connector(Support.configuration(pageSize: 2), transport: transport)
        let pass = try await Support.pullAll(connector, stream: "subscribers")
        try transport.assertAllConsumed()
        #expect(Support.changes(pass.items).compactMap(\.recordKey) == keys)
        #expect(Support.rejections(pass.items).isEmpty)
    }
}
