import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import HubSpotConnector

@Suite("HubSpot connector: pure mapping and search plan")
struct ConnectorMappingTests {
    typealias Support = ConnectorTestSupport

    static let raw =
        #"{"archived":false,"id":"901","properties":{"email":"ada.adler@example.com","firstname":"Ada","hs_email_optout":"true","hs_object_id":"901","lastmodifieddate":"2024-10-21T21:36:02.961Z","lastname":"Adler"}}"#

    @Test("remap maps a dead-lettered contact with the current configuration")
    func remap() throws {
        let strict = Support.connector(Support.configuration(), transport: try Support.replay("normal-paging"))
        var tight = Support.configuration()
        tight.maxPropertyBytes = 2
        let rejecting = Support.connector(tight, transport: try Support.replay("normal-paging"))
        let record = RejectedRecord(vendor: "hubspot", stream: "contacts", recordKey: "901", reason: "x", raw: Self.raw)
        guard case .rejected(let again) = try rejecting.remap(record) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(again.reason.hasSuffix("exceeds the 2-byte limit"))
        guard case .change(let change) = try strict.remap(record) else {
            Issue.record("expected a change")
            return
        }
        #expect(change.recordKey == "901")
        #expect(change.attributes["first_name"] == AttributeValue("Ada", at: 1_729_546_562_961))
        #expect(change.consent.first?.state == .optedOut)
        #expect(throws: ConnectorError.self) {
            _ = try strict.remap(
                RejectedRecord(vendor: "hubspot", stream: "email_events", recordKey: nil, reason: "x", raw: "{}"))
        }
    }

    @Test(
        "a new pass starts at min(watermark, previous pass start − lookback), never before watermark − lookback",
        arguments: [
            (Int64?.none, Int64(9_700_000)),  // pass start unknown: watermark − lookback
            (Int64(20_000_000), Int64(10_000_000)),  // the last pass began long after the watermark: from the watermark
            (Int64(10_100_000), Int64(9_800_000)),  // it began within the lookback: from its start − lookback
            (Int64(5_000_000), Int64(9_700_000)),  // our clock behind the vendor's: watermark − lookback
        ])
    func lookbackWindow(passStartedAtMs: Int64?, expectedFromMs: Int64) {
        let cursor = ContactsCursor(watermarkMs: 10_000_000, watermarkId: 7, query: nil, passStartedAtMs: passStartedAtMs)
        #expect(ContactsSearchPlan.query(for: cursor, lookbackMs: 300_000).fromMs == expectedFromMs)
    }

    @Test("the query restarts only when the next page would pass 10,000 results")
    func capBoundary() {
        let query = ContactsQuery(kind: .lookback, fromMs: 0, afterId: nil, after: "9800")
        let cursor = ContactsCursor(watermarkMs: 50, watermarkId: 7, query: query)
        let within = ContactsSearchPlan.advance(cursor, query: query, seen: [(60, 8)], nextAfter: "9800", limit: 200)
        #expect(within.cursor.query?.after == "9800")
        #expect(within.hasMore)
        let past = ContactsSearchPlan.advance(cursor, query: query, seen: [(60, 8)], nextAfter: "9801", limit: 200)
        #expect(past.cursor.query == ContactsQuery(kind: .restart, fromMs: 60, afterId: 8, after: nil))
        #expect(past.hasMore)
    }

    @Test("the watermark never moves backwards, ties raise only the id")
    func watermark() {
        var cursor = ContactsCursor(watermarkMs: 100, watermarkId: 5, query: nil)
        cursor.advance(ms: 90, id: 99)
        #expect(cursor.watermarkMs == 100 && cursor.watermarkId == 5)
        cursor.advance(ms: 100, id: 3)
        #expect(cursor.watermarkId == 5)
        cursor.advance(ms: 100, id: 9)
        #expect(cursor.watermarkId == 9)
        cursor.advance(ms: 101, id: 1)
        #expect(cursor.watermarkMs == 101 && cursor.watermarkId == 1)
    }

    @Test("a restart query filters with two groups and one ascending sort")
    func restartBody() {
        let body = ContactsSearchPlan.body(
            ContactsQuery(kind: .restart, fromMs: 1_000, afterId: 42, after: nil), properties: ["email"], limit: 200
        )
        #expect(body.filterGroups.count == 2)
        #expect(body.filterGroups[0].filters.map(\.operator) == ["EQ", "GT"])
        #expect(body.filterGroups[0].filters.map(\.value) == ["1000", "42"])
        #expect(body.filterGroups[1].filters.map(\.operator) == ["GT"])
        #expect(body.sorts == [SearchBody.Sort(propertyName: "lastmodifieddate", direction: "ASCENDING")])
    }

    @Test("the daily quota resets at the portal's midnight")
    func portalMidnight() {
        #expect(HubSpotRateLimits.nextPortalMidnight(after: 1_727_776_800_000, offsetMinutes: 0) == 1_727_827_200_000)
        #expect(
            HubSpotRateLimits.nextPortalMidnight(after: 1_727_776_800_000, offsetMinutes: -300) == 1_727_845_200_000)
    }

    @Test("configuration decodes from partial JSON with defaults; auth never prints secrets")
    func configuration() throws {
        let json = #"{"auth":{"privateApp":{"token":"pat-secret"}},"subscriptionTypes":[{"id":"7","topic":"news"}]}"#
        let decoded = try JSONDecoder().decode(HubSpotConnector.Configuration.self, from: Data(json.utf8))
        #expect(decoded.baseURL.absoluteString == "https://api.hubapi.com")
        #expect(decoded.pageSize == 200 && decoded.lookbackMs == 300_000 && decoded.consentAPI == .v3)
        #expect(decoded.subscriptionTypes == [.init(id: "7", topic: "news")])
        #expect(!"\(decoded.auth)".contains("pat-secret"))
    }

    @Test("ties out of id order are detected; in order they are not")
    func tieOrder() {
        #expect(!HubSpotConnector.tiesOutOfIdOrder([(5, 1), (5, 2), (6, 1)]))
        #expect(HubSpotConnector.tiesOutOfIdOrder([(5, 2), (5, 1)]))
    }

    @Test("push capabilities: mapped fields, consent keys only with managed types, creation")
    func capabilities() throws {
        let transport = try Support.replay("normal-paging")
        let bare = Support.connector(Support.configuration(), transport: transport)
        #expect(bare.pushCapabilities.consentKeys.isEmpty)
        #expect(
            bare.pushCapabilities.fields == [
                "email", "first_name", "last_name", "phone", "country", "city", "lifecycle_stage",
            ])
        #expect(bare.pushCapabilities.canCreate && !bare.pushCapabilities.suppressions)
        let types = [HubSpotConnector.SubscriptionType(id: "1", topic: "news")]
        let managed = Support.connector(Support.configuration(subscriptionTypes: types), transport: transport)
        #expect(
            managed.pushCapabilities.consentKeys == [
                ConsentKey(channel: .email), ConsentKey(channel: .email, topic: "news"),
            ])
        #expect(managed.pushBatchSize == 100)
        #expect(managed.streams.map(\.name) == ["contacts", "archived", "email_events"])
    }
}
