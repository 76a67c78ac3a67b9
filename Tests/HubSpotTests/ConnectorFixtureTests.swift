import ConnectorTestKit
import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import HubSpotConnector

/// Offline fixture replay of recorded HubSpot conversations (`fixtures/hubspot/<scenario>/`).
@Suite("HubSpot connector: fixture replay")
struct ConnectorFixtureTests {
    typealias Support = ConnectorTestSupport

    @Test("normal paging: two pages, every contact mapped, watermark at the last contact")
    func normalPaging() async throws {
        let transport = try Support.replay("normal-paging")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let (items, cursors) = try await Support.pullAll(connector, stream: "contacts")
        let changes = Support.changes(items)
        #expect(changes.map(\.recordKey) == ["1001", "1002", "1003"])
        #expect(cursors.count == 2)
        let bruno = try #require(changes.first { $0.recordKey == "1002" })
        #expect(bruno.email == "bruno.berg@example.com")
        #expect(bruno.attributes["first_name"] == AttributeValue("Bruno", at: 1_727_776_801_000))
        #expect(bruno.attributes["city"]?.value == "Berlin")
        #expect(bruno.attributes["phone"]?.value == "+4930123456")
        #expect(bruno.attributes["lifecycle_stage"]?.value == "lead")
        #expect(bruno.consent.map(\.key) == [ConsentKey(channel: .email)])
        let last = try Support.contactsCursor(try #require(cursors.last))
        #expect(last == ContactsCursor(watermarkMs: 1_727_776_802_500, watermarkId: 1003, query: nil, passStartedAtMs: 1_700_000_000_000))
        try transport.assertAllConsumed()
    }

    @Test("10k cap: the query restarts from the last timestamp with the id tie-break, nothing looped or skipped")
    func restartAtCap() async throws {
        let transport = try Support.replay("restart-10k")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let t: Int64 = 1_727_856_000_000
        let start = ContactsCursor(
            watermarkMs: t, watermarkId: 2000,
            query: ContactsQuery(kind: .lookback, fromMs: t - 300_000, afterId: nil, after: "9996")
        )
        let token = try CursorToken(version: ContactsCursor.version, value: start)
        let (items, cursors) = try await Support.pullAll(connector, stream: "contacts", from: token)
        #expect(Support.changes(items).map(\.recordKey) == ["2001", "2002", "2003", "2004", "2005", "2006", "2007"])
        let afterCap = try Support.contactsCursor(cursors[1])
        #expect(afterCap.query == ContactsQuery(kind: .restart, fromMs: t, afterId: 2004, after: nil))
        let last = try Support.contactsCursor(try #require(cursors.last))
        #expect(last == ContactsCursor(watermarkMs: t + 5_000, watermarkId: 2007, query: nil))
        try transport.assertAllConsumed()
    }

    @Test("identical timestamps across pages; a second pass re-reads only the lookback overlap")
    func identicalTimestamps() async throws {
        let transport = try Support.replay("identical-timestamps")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let first = try await Support.pullAll(connector, stream: "contacts")
        #expect(Support.changes(first.items).map(\.recordKey) == ["3001", "3002", "3003"])
        let second = try await Support.pullAll(connector, stream: "contacts", from: first.cursors.last)
        #expect(Support.changes(second.items).map(\.recordKey) == ["3001", "3002", "3003"])
        let last = try Support.contactsCursor(try #require(second.cursors.last))
        #expect(last == ContactsCursor(watermarkMs: 1_727_956_800_000, watermarkId: 3003, query: nil, passStartedAtMs: 1_700_000_000_000))
        try transport.assertAllConsumed()
    }

    @Test("merged contacts carry mergedKeys; archived contacts become deletions")
    func mergedAndArchived() async throws {
        let transport = try Support.replay("merged-archived")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let contacts = Support.changes(try await Support.pullAll(connector, stream: "contacts").items)
        #expect(contacts.map(\.mergedKeys) == [["4002", "4003"]])
        #expect(contacts.first?.deleted == false)
        let archived = Support.changes(try await Support.pullAll(connector, stream: "archived").items)
        #expect(archived.map(\.recordKey) == ["4009"])
        #expect(archived.first?.deleted == true)
        #expect(archived.first?.attributes.isEmpty == true)
        try transport.assertAllConsumed()
    }

    @Test("a 429 TEN_SECONDLY_ROLLING is waited out (10 s on the virtual clock), then the page is read")
    func rateLimited() async throws {
        let transport = try Support.replay("rate-limited-429")
        let clock = VirtualClock()
        let connector = Support.connector(Support.configuration(), transport: transport, clock: clock)
        let (items, _) = try await Support.pullAll(connector, stream: "contacts")
        #expect(Support.changes(items).map(\.recordKey) == ["5001"])
        #expect(clock.sleeps.contains(10_000))
        try transport.assertAllConsumed()
    }

    @Test("a 429 DAILY is not retried in a tight loop: the pull fails rate-limited until the portal's midnight")
    func dailyLimit() async throws {
        let transport = try Support.replay("daily-limit")
        let clock = VirtualClock(startMs: 1_727_776_800_000)  // 2024-10-01T10:00:00Z
        let connector = Support.connector(Support.configuration(), transport: transport, clock: clock)
        do {
            _ = try await connector.pull(stream: "contacts", after: nil, context: PullContext(now: clock.nowMs))
            Issue.record("expected a rate-limit error")
        } catch let error as ConnectorError {
            #expect(error.code == .rateLimited)
            #expect(error.recovery == .retryLater(afterMs: 50_400_000))  // 14 h to midnight UTC
        }
        #expect(clock.sleeps.isEmpty)
        try transport.assertAllConsumed()
    }

    @Test("partial batch failure: per-item outcomes, a second write to one contact in a follow-up request, a refused request split until isolated")
    func partialBatchFailure() async throws {
        let transport = try Support.replay("partial-batch-failure")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let first = try await connector.push([
            Support.attributes("k1", email: "greta.garcia@example.com", ["first_name": "Greta"]),
            Support.attributes("k2", email: "hugo.hansen@example.com", ["lifecycle_stage": "bogus"]),
            Support.attributes(
                "k3", email: "ines.ivanova@example.com", ["last_name": "Ivanova", "unmapped_field": "x"]),
            Support.attributes("k4", email: "Greta.Garcia@example.com", ["last_name": "Garcia"]),
            Support.attributes(
                "k5", email: "jonas.old@example.com", recordKey: "6005", ["email": "jonas.new@example.com"]),
        ])
        #expect(first.count == 5)
        #expect(first[0] == .applied(recordKey: "6001"))
        #expect(
            first[1]
                == .rejected(
                    reason:
                        "VALIDATION_ERROR: Property values were not valid: bogus was not one of the allowed options for property lifecyclestage"
                ))
        #expect(first[2] == .applied(recordKey: "6003"))
        #expect(first[3] == .applied(recordKey: "6001"))
        #expect(first[4] == .rejected(reason: "CONFLICT: Contact already exists. Existing ID: 6099"))
        let second = try await connector.push([
            Support.attributes("k6", email: "kira.kowalski@example.com", ["first_name": "Kira"]),
            Support.attributes(
                "k7", email: "luca.larsen@example.com", ["last_name": "Larsen", "lifecycle_stage": "nonsense"]),
        ])
        #expect(second[0] == .applied(recordKey: "6006"))
        guard case .rejected(let reason) = second[1] else {
            Issue.record("k7 not rejected: \(second[1])")
            return
        }
        #expect(reason.hasPrefix("VALIDATION_ERROR"))
        try transport.assertAllConsumed()
    }

    @Test("OAuth: token fetched with the refresh token, refreshed once after a 401, then the page is read")
    func tokenRefresh() async throws {
        let transport = try Support.replay("token-refresh")
        let configuration = Support.configuration(
            auth: .oauth(clientId: "client-fixture", clientSecret: "secret-fixture", refreshToken: "refresh-fixture")
        )
        let connector = Support.connector(configuration, transport: transport)
        let (items, _) = try await Support.pullAll(connector, stream: "contacts")
        #expect(Support.changes(items).map(\.recordKey) == ["7001"])
        #expect(connector.client.stats.authRefreshes == 1)
        try transport.assertAllConsumed()
    }

    @Test("a malformed body fails the page as malformedResponse (the engine retries it later)")
    func malformedBody() async throws {
        let transport = try Support.replay("malformed-body")
        let connector = Support.connector(Support.configuration(), transport: transport)
        do {
            _ = try await connector.pull(stream: "contacts", after: nil, context: PullContext(now: 0))
            Issue.record("expected a malformedResponse error")
        } catch let error as ConnectorError {
            #expect(error.code == .malformedResponse)
            #expect(error.recovery == .retryLater(afterMs: nil))
        }
        try transport.assertAllConsumed()
    }

    @Test("bad records are rejected naming the field; the rest of the page is mapped")
    func badRecords() async throws {
        let transport = try Support.replay("bad-records")
        var configuration = Support.configuration(pageSize: 2)
        configuration.maxPropertyBytes = 100
        let connector = Support.connector(configuration, transport: transport)
        let (items, cursors) = try await Support.pullAll(connector, stream: "contacts")
        #expect(Support.changes(items).map(\.recordKey) == ["9001", "9006"])
        let reasons = Dictionary(
            uniqueKeysWithValues: Support.rejections(items).map { ($0.recordKey ?? "", $0.reason) })
        #expect(reasons["9002"] == "lastmodifieddate: empty timestamp")
        #expect(reasons["9003"] == "lastmodifieddate: date out of range")
        #expect(reasons["9004"] == "email: not a valid address")
        #expect(reasons["9005"] == "firstname: value of 200 bytes exceeds the 100-byte limit")
        #expect(Support.rejections(items).allSatisfy { $0.raw.contains("\"id\"") })
        let cursor = try Support.contactsCursor(try #require(cursors.last))
        #expect(cursor.watermarkId == 9006)
        try transport.assertAllConsumed()
    }

    @Test("first-run listing: every contact listed once, then search passes start at the listing's start − lookback")
    func firstRunListing() async throws {
        let transport = try Support.replay("first-run-listing")
        var configuration = Support.configuration()
        configuration.initialListing = true
        let connector = Support.connector(configuration, transport: transport)
        let first = try await Support.pullAll(connector, stream: "contacts", now: 1_700_000_000_000)
        #expect(Support.changes(first.items).map(\.recordKey) == ["12001", "12002", "12003"])
        let listed = try Support.contactsCursor(try #require(first.cursors.last))
        #expect(listed == ContactsCursor(watermarkMs: 1_700_000_000_000, watermarkId: -1, query: nil, listing: nil))
        let second = try await Support.pullAll(connector, stream: "contacts", from: first.cursors.last)
        #expect(second.items.isEmpty)
        try transport.assertAllConsumed()
    }

    @Test("archived sweeps: the first emits every archived contact, later ones only those archived since")
    func archivedSweeps() async throws {
        let transport = try Support.replay("archived-sweeps")
        let connector = Support.connector(Support.configuration(), transport: transport)
        let sweepStart: Int64 = 1_728_086_400_000  // 2024-10-05T00:00:00Z
        let first = try await Support.pullAll(connector, stream: "archived", now: sweepStart)
        #expect(Support.changes(first.items).map(\.recordKey) == ["13001", "13002"])
        #expect(Support.changes(first.items).allSatisfy { $0.deleted })
        let second = try await Support.pullAll(
            connector, stream: "archived", from: first.cursors.last, now: sweepStart + 600_000)
        #expect(Support.changes(second.items).map(\.recordKey) == ["13003"])
        let cursor = try #require(try second.cursors.last?.decode(ArchivedCursor.self, expectedVersion: 1))
        #expect(cursor == ArchivedCursor(after: nil, sweepStartedAtMs: nil, watermarkMs: sweepStart + 600_000))
        try transport.assertAllConsumed()
    }
}
