import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import BrazeConnector

@Suite("Braze pull, fixture replay")
struct ConnectorFixturePullTests {
    @Test("unsubscribes page by offset, cross a window boundary, and end lookback days before today")
    func windowBoundary() async throws {
        let (connector, transport) = try fixtureConnector("unsubscribes-window-boundary") {
            $0.listPageSize = 2
            $0.listStartDate = "2026-09-01"
        }
        var cursor: CursorToken?
        var cursors: [ListCursor] = []
        var hasMore: [Bool] = []
        var items: [PulledItem] = []
        for _ in 0..<10 {
            let page = try await connector.pull(
                stream: "unsubscribes", after: cursor, context: PullContext(now: fixtureNow))
            cursor = page.cursor
            cursors.append(try #require(try page.cursor.decode(ListCursor.self, expectedVersion: ListCursor.version)))
            hasMore.append(page.hasMore)
            items += page.items
            if !page.hasMore { break }
        }
        try transport.assertAllConsumed()
        #expect(
            cursors == [
                ListCursor(windowStart: "2026-09-01", offset: 2), ListCursor(windowStart: "2026-10-01", offset: 0),
                ListCursor(windowStart: "2026-10-31", offset: 0), ListCursor(windowStart: "2026-10-31", offset: 2),
                ListCursor(windowStart: "2026-11-14", offset: 0),
            ])
        #expect(hasMore == [true, true, true, true, false])
        let changes = items.compactMap(\.change)
        #expect(
            changes.map(\.email) == [
                "grace.hopper@example.com", "alan.turing@example.org", "edsger.dijkstra@example.net",
                "barbara.liskov@example.com",
            ])
        let first = try #require(changes.first)
        #expect(first.recordKey == nil)
        #expect(
            first.consent == [
                ConsentObservation(
                    key: ConsentKey(channel: .email), state: .optedOut, at: 1_788_343_200_000,
                    evidence: "braze /email/unsubscribes"
                )
            ])
        #expect(changes[1].consent.first?.at == 1_788_607_800_000)
        #expect(
            items.compactMap(\.rejected).map(\.reason) == [
                "email: empty address", "unsubscribed_at: unparseable timestamp \"02/11/2026 10:00\"",
            ])
    }

    @Test("a 429 waits until X-RateLimit-Reset (epoch seconds, lower-case header) and then succeeds")
    func rateLimited() async throws {
        let clock = ManualTestClock()
        let (connector, transport) = try fixtureConnector("rate-limited-429", clock: clock)
        let page = try await connector.pull(stream: "unsubscribes", after: nil, context: PullContext(now: fixtureNow))
        #expect(clock.sleeps == [3_000])
        #expect(connector.client.stats.rateLimitedResponses == 1)
        #expect(page.items.compactMap(\.change).map(\.email) == ["ada.lovelace@example.com"])
        #expect(page.hasMore)
        let last = try await connector.pull(
            stream: "unsubscribes", after: page.cursor, context: PullContext(now: fixtureNow))
        #expect(!last.hasMore)
        #expect(
            try last.cursor.decode(ListCursor.self, expectedVersion: 1)
                == ListCursor(windowStart: "2026-11-15", offset: 0))
        try transport.assertAllConsumed()
    }

    @Test("a 200 list response that is not JSON throws malformedResponse without quoting the body")
    func malformedList() async throws {
        let (connector, _) = try fixtureConnector("malformed-body")
        do {
            _ = try await connector.pull(stream: "unsubscribes", after: nil, context: PullContext(now: fixtureNow))
            Issue.record("expected an error")
        } catch let error as ConnectorError {
            #expect(error.code == .malformedResponse)
            #expect(!error.description.contains("upstream"))
        }
    }

    @Test("the sweep maps both profiles sharing an address with their own consent and aliases")
    func sweepSharedEmail() async throws {
        let (connector, transport) = try fixtureConnector("profiles-shared-email")
        _ = try await connector.push([
            consentMutation(nil, email: "shared.inbox@example.com", personRef: "vs-person-1", state: .optedOut)
        ])
        let context = PullContext(now: fixtureNow) { after, limit in
            #expect(limit == 50)
            return after == nil ? ["ext-a", "ext-b"] : []
        }
        let page = try await connector.pull(stream: "profiles", after: nil, context: context)
        try transport.assertAllConsumed()
        #expect(!page.hasMore)
        #expect(
            try page.cursor.decode(SweepCursor.self, expectedVersion: 1)
                == SweepCursor(pass: 1, after: nil, completedAt: fixtureNow))
        let changes = page.items.compactMap(\.change)
        #expect(changes.map(\.recordKey) == ["ext-a", "ext-b"])
        let a = changes[0]
        let created: UTCMillis = 1_677_657_600_000  // 2023-03-01 08:00:00.000 UTC
        #expect(a.aliases == ["braze_id": "5fbd99bac125ca40511f2cb1", "alias:crm_id": "crm-77"])
        #expect(a.email == "shared.inbox@example.com")
        #expect(a.attributes["first_name"] == AttributeValue("Ada", at: created))
        #expect(a.attributes["country"] == AttributeValue(nil, at: created))
        #expect(
            a.consent == [
                ConsentObservation(
                    key: ConsentKey(channel: .email), state: .optedOut, at: nil,
                    evidence: "email_subscribe=unsubscribed"),
                ConsentObservation(
                    key: ConsentKey(channel: .push), state: .optedIn, at: 1_706_309_153_953,
                    evidence: "push_subscribe=opted_in"),
            ])
        #expect(changes[1].consent.map(\.state) == [.optedOut, .unknown])
        #expect(changes[1].attributes["country"]?.value == "GB")
    }

    @Test("a sweep rejects an unknown email_subscribe value and an oversized attribute, and maps the rest")
    func sweepRejects() async throws {
        let (connector, transport) = try fixtureConnector("profiles-sweep-rejects") { $0.maxAttributeBytes = 256 }
        let context = PullContext(now: fixtureNow) { after, _ in after == nil ? ["p-1", "p-2", "p-3", "p-4"] : [] }
        let page = try await connector.pull(stream: "profiles", after: nil, context: context)
        try transport.assertAllConsumed()
        #expect(page.items.compactMap(\.change).map(\.recordKey) == ["p-1"])
        let p1 = try #require(page.items.first?.change)
        #expect(p1.attributes["city"] == AttributeValue("Portland", at: 1_594_393_200_000))
        #expect(
            p1.consent == [
                ConsentObservation(
                    key: ConsentKey(channel: .email), state: .optedIn, at: 1_594_393_200_000,
                    evidence: "email_subscribe=opted_in"
                )
            ])
        let rejected = page.items.compactMap(\.rejected)
        #expect(rejected.map(\.recordKey) == ["p-2", "p-3"])
        #expect(
            rejected.map(\.reason) == [
                "email_subscribe: unknown value \"maybe\"",
                "custom_attributes.notes: value of 300 bytes exceeds the 256-byte limit",
            ])
        var relaxed = connector.configuration
        relaxed.maxAttributeBytes = 65_536
        let again = try BrazeConnector(configuration: relaxed, transport: transport, logger: LogLines().logger())
        #expect(try again.remap(rejected[1]).change?.recordKey == "p-3")
    }
}
