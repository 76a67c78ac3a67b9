import ConnectorTestKit
import ConnectorKit
import Foundation
import SandboxKit
import SFMCSandbox
import SyncCore
import Testing
@testable import SFMCConnector

/// The connector end to end against the SFMC sandbox on loopback.
@Suite("SFMC connector: against the sandbox")
struct ConnectorSandboxTests {
    typealias Support = TestSupport

    @Test("6,000 subscribers, 5 s tokens, 10 ms latency: each pulled once, one auth failure at most per expiry")
    func tokenExpiryDuringLongRetrieve() async throws {
        let clock = manualClock()
        let state = SFMCSandbox.generated(subscribers: 6_000, randomSeed: 7, clock: clock)
        let faults = FaultSpec(latency: 0.01, tokenTTL: 5)
        // The connector's clock stands still, so it only learns of an expiry from SFMC's security fault.
        let connectorClock = VirtualClock()
        try await withSFMCSandbox(state, faults: faults, clock: connectorClock.epochClock, configure: { $0.pageSize = 500 }) {
            connector, sandbox, _ in
            var cursor: CursorToken?
            var keys: [String] = []
            var pages = 0
            repeat {
                let page = try await connector.pull(stream: "subscribers", after: cursor, context: PullContext(now: sandboxNowMs))
                keys += Support.changes(page.items).compactMap(\.recordKey)
                cursor = page.hasMore ? page.cursor : nil
                pages += 1
                clock.advance(by: 2)  // 2 s of sandbox time per page: a 5 s token serves 3 pages
            } while cursor != nil
            #expect(pages == 12)
            #expect(keys.count == 6_000)
            #expect(Set(keys).count == 6_000)
            let expiries = sandbox.faultCounters.count(.tokenExpired)
            let tokens = sandbox.state.issuedTokenCount
            #expect(expiries >= 3)
            #expect(expiries == tokens - 1, "each expired token failed exactly one request")
            #expect(connector.client.stats.authRefreshes == expiries)
        }
    }

    @Test("with the connector on the sandbox's clock, tokens are renewed before they expire: no auth failure")
    func proactiveRenewal() async throws {
        let clock = manualClock()
        let state = SFMCSandbox.generated(subscribers: 3_000, randomSeed: 8, clock: clock)
        let shared = EpochClock(nowMs: { clock.nowMilliseconds() }, sleep: { _ in })
        try await withSFMCSandbox(state, faults: FaultSpec(tokenTTL: 5), clock: shared, configure: { $0.pageSize = 500 }) {
            connector, sandbox, _ in
            var cursor: CursorToken?
            var count = 0
            repeat {
                let page = try await connector.pull(stream: "subscribers", after: cursor, context: PullContext(now: sandboxNowMs))
                count += page.items.count
                cursor = page.hasMore ? page.cursor : nil
                clock.advance(by: 2)
            } while cursor != nil
            #expect(count == 3_000)
            #expect(sandbox.faultCounters.count(.tokenExpired) == 0)
            #expect(sandbox.state.issuedTokenCount == 2, "renewed once, 0.5 s before the first token expired")
        }
    }

    @Test("CST: 2026-03-08T02:30:00 is 08:30Z and 2026-07-01T12:00:00 is 18:00Z, both ways")
    func centralStandardTime() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        let march = try VendorTime.parse("2026-03-08T08:30:00Z", field: "t")
        let july = try VendorTime.parse("2026-07-01T18:00:00Z", field: "t")
        state.putSubscriber(key: "sk-m", email: "m@example.com", createdMs: march)
        state.putSubscriber(key: "sk-j", email: "j@example.com", createdMs: july)
        try await withSFMCSandbox(state) { connector, _, recorder in
            // The pass begins one minute after the latest ModifiedDate.
            let pass = try await Support.pullAll(connector, stream: "subscribers", now: july + 60_000)
            let byKey = Dictionary(uniqueKeysWithValues: Support.changes(pass.items).map { ($0.recordKey ?? "", $0) })
            #expect(byKey["sk-m"]?.attributes["email"]?.at == march)
            #expect(byKey["sk-j"]?.attributes["email"]?.at == july)
            // The next pass filters from that pass's start − 5 min (later than the watermark − 5 min), written in CST.
            _ = try await Support.pullAll(connector, stream: "subscribers", from: pass.cursors.last)
            let body = try #require(recorder.requests.last?.body)
            #expect(body.contains("<DateValue>2026-07-01T11:56:00.000</DateValue>"))
        }
        #expect(SystemTime(offsetMinutes: -360).format(march) == "2026-03-08T02:30:00.000")
        #expect(try SystemTime(offsetMinutes: -360).parse("2026-07-01T12:00:00", field: "t") == july)
    }

    @Test("a row dated after the pass began does not lift the watermark past the pass start; a later change is pulled")
    func futureModifiedDateDoesNotHideLaterChanges() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        let passStart = sandboxNowMs
        state.putSubscriber(key: "sk-future", email: "f@example.com", createdMs: passStart + 10 * 86_400_000)
        state.putSubscriber(key: "sk-now", email: "n@example.com", createdMs: passStart - 86_400_000)
        try await withSFMCSandbox(state) { connector, _, _ in
            let first = try await Support.pullAll(connector, stream: "subscribers", now: passStart)
            #expect(Set(Support.changes(first.items).compactMap(\.recordKey)) == ["sk-future", "sk-now"])
            let cursor = try #require(try first.cursors.last?.decode(RetrieveCursor.self, expectedVersion: RetrieveCursor.version))
            #expect(cursor.watermarkMs == passStart)
            // sk-now changes ten minutes later; the next pass (an hour later) reads it.
            state.putSubscriber(key: "sk-now", email: "n@example.com", createdMs: passStart - 86_400_000,
                                modifiedMs: passStart + 600_000, attributes: ["First Name": "Later"])
            let second = try await Support.pullAll(connector, stream: "subscribers", from: first.cursors.last,
                                                   now: passStart + 3_600_000)
            #expect(Support.changes(second.items).compactMap(\.recordKey).contains("sk-now"))
        }
    }

    @Test("an email opt-out sets Status=Unsubscribed on that SubscriberKey only and logs an UnsubEvent")
    func masterOptOut() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        state.putSubscriber(key: "sk-a", email: "shared@example.com", createdMs: 0, listIDs: [1001, 2002])
        state.putSubscriber(key: "sk-b", email: "shared@example.com", createdMs: 0, listIDs: [1001, 2002])
        try await withSFMCSandbox(state) { connector, sandbox, _ in
            let record = ConsentRecord(state: .optedOut, at: sandboxNowMs, source: "braze")
            let outcomes = try await connector.push([
                Support.mutation("o1", recordKey: "sk-a", email: "shared@example.com", .consent(ConsentKey(channel: .email), record)),
            ])
            #expect(outcomes == [.applied(recordKey: "sk-a")])
            #expect(sandbox.state.status(subscriberKey: "sk-a") == "Unsubscribed")
            #expect(sandbox.state.status(subscriberKey: "sk-b") == "Active")
            #expect(sandbox.state.eventCount(objectType: "UnsubEvent", subscriberKey: "sk-a") == 1)
            #expect(sandbox.state.eventCount(objectType: "UnsubEvent", subscriberKey: "sk-b") == 0)
            #expect(sandbox.state.listStatus(listID: 1001, subscriberKey: "sk-a") == "Active")
        }
    }

    @Test("a list-level opt-out changes that list only")
    func listOptOut() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        state.putSubscriber(key: "sk-a", email: "a@example.com", createdMs: 0, listIDs: [1001, 2002])
        state.putSubscriber(key: "sk-b", email: "b@example.com", createdMs: 0, listIDs: [1001, 2002])
        try await withSFMCSandbox(state) { connector, sandbox, _ in
            let record = ConsentRecord(state: .optedOut, at: sandboxNowMs, source: "hubspot")
            let outcomes = try await connector.push([
                Support.mutation("l1", recordKey: "sk-a", email: "a@example.com",
                                 .consent(ConsentKey(channel: .email, topic: "newsletter"), record)),
            ])
            #expect(outcomes == [.applied(recordKey: "sk-a")])
            #expect(sandbox.state.listStatus(listID: 1001, subscriberKey: "sk-a") == "Unsubscribed")
            #expect(sandbox.state.listStatus(listID: 2002, subscriberKey: "sk-a") == "Active")
            #expect(sandbox.state.listStatus(listID: 1001, subscriberKey: "sk-b") == "Active")
            #expect(sandbox.state.status(subscriberKey: "sk-a") == "Active")
            #expect(sandbox.state.eventCount(objectType: "UnsubEvent", subscriberKey: "sk-a") == 0)
            let pulled = try await Support.pullAll(connector, stream: "list_subscribers")
            let optOuts = Support.changes(pulled.items).filter { $0.consent.first?.state == .optedOut }
            #expect(optOuts.map(\.recordKey) == ["sk-a"])
        }
    }

    @Test("create: an unknown email is created under personRef; a known one returns .exists unread-safe")
    func createOrExists() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        state.putSubscriber(key: "sk-known", email: "known@example.com", createdMs: 0, attributes: ["First Name": "Kim"])
        try await withSFMCSandbox(state) { connector, sandbox, recorder in
            let outcomes = try await connector.push([
                Support.mutation("n1", recordKey: nil, email: "new@example.com", .attributes(["first_name": "Nia"])),
                Support.mutation("n2", recordKey: nil, email: "known@example.com", .attributes(["first_name": "Other"])),
                Support.mutation("n3", recordKey: nil, email: "not-an-email", .attributes(["first_name": "X"])),
            ])
            #expect(outcomes[0] == .applied(recordKey: "p-n1"))
            guard case let .exists(key, current) = outcomes[1] else { Issue.record("expected .exists"); return }
            #expect(key == "sk-known")
            #expect(current.attributes["first_name"]?.value == "Kim")
            guard case .rejected = outcomes[2] else { Issue.record("expected .rejected"); return }
            #expect(sandbox.state.emailAddress(subscriberKey: "p-n1") == "new@example.com")
            #expect(sandbox.state.attribute("First Name", subscriberKey: "p-n1") == "Nia")
            #expect(sandbox.state.attribute("First Name", subscriberKey: "sk-known") == "Kim")
            let lookups = recorder.requests.filter { $0.body.contains("<Property>EmailAddress</Property>") }
            #expect(lookups.allSatisfy { $0.body.contains("<SimpleOperator>equals</SimpleOperator>") })
        }
    }

    @Test("a partial Create failure: the bad item is rejected with SFMC's ErrorCode, the others applied")
    func partialFailure() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        state.putSubscriber(key: "sk-a", email: "a@example.com", createdMs: 0)
        state.putSubscriber(key: "sk-b", email: "b@example.com", createdMs: 0)
        try await withSFMCSandbox(state) { connector, sandbox, _ in
            let outcomes = try await connector.push([
                Support.mutation("p1", recordKey: "sk-a", email: nil, .attributes(["last_name": "Adler"])),
                Support.mutation("p2", recordKey: "sk-b", email: nil, .attributes(["email": "broken@@example"])),
                Support.mutation("p3", recordKey: "sk-b", email: nil, .suppression(
                    Suppression(channel: .email, reason: .hardBounce, at: 0, source: "braze"))),
            ])
            #expect(outcomes[0] == .applied(recordKey: "sk-a"))
            guard case .rejected = outcomes[1] else { Issue.record("expected .rejected"); return }
            #expect(outcomes[2] == .applied(recordKey: "sk-b"))
            #expect(sandbox.state.status(subscriberKey: "sk-b") == "Held")
        }
    }

    @Test("events from other vendors land once in the Data Extension, keyed by a stable EventId; REST 401 renews the token")
    func eventsToDataExtension() async throws {
        let clock = manualClock()
        let state = SFMCSandboxState(clock: clock)
        try await withSFMCSandbox(state, faults: FaultSpec(tokenTTL: 5), clock: VirtualClock().epochClock) { connector, sandbox, _ in
            let event = SendEvent(vendor: "hubspot", eventKey: "e-1", type: .open, at: 1_782_900_000_000, email: "a@example.com")
            let mutation = Support.mutation("e1", recordKey: "sk-a", email: "a@example.com", .event(event))
            let first = try await connector.push([mutation])
            clock.advance(by: 6)  // the token expired at SFMC; the connector's clock does not know
            let again = try await connector.push([mutation])
            #expect(connector.client.stats.authRefreshes == 1)
            #expect(first == [.applied(recordKey: nil)])
            #expect(again == [.applied(recordKey: nil)])
            let rows = sandbox.state.dataExtensionRows(key: "vendor_events")
            #expect(rows.count == 1)
            #expect(rows.first?["EventId"] == "hubspot:e-1")
            #expect(rows.first?["EventType"] == "open")
        }
    }

    @Test("demo seed: statuses, list opt-out, hard bounce and duplicate events map as documented")
    func demoSeed() async throws {
        let seed = Support.packageRoot.appendingPathComponent("fixtures/demo/sfmc")
        let state = try SFMCSandbox.loadSeed(from: seed, clock: manualClock())
        #expect(state.subscriberCount == 46)
        try await withSFMCSandbox(state, configure: { $0.initialEventsLookbackMs = 365 * 86_400_000 }) { connector, _, _ in
            let subscribers = Support.changes(try await Support.pullAll(connector, stream: "subscribers").items)
            let byKey = Dictionary(uniqueKeysWithValues: subscribers.map { ($0.recordKey ?? "", $0) })
            #expect(byKey["sk-0001"]?.consent.first?.state == .unknown)
            #expect(byKey["sk-0010"]?.consent.first?.state == .optedOut)
            #expect(byKey["sk-0007"]?.suppressions.first?.reason == .hardBounce)
            #expect(byKey["sk-0008"]?.suppressions.first?.reason == .hardBounce)
            #expect(byKey["sk-0005"]?.email == byKey["sk-0005-b"]?.email)
            #expect(byKey["sk-0005"]?.attributes["first_name"]?.value == "Elena")
            let lists = Support.changes(try await Support.pullAll(connector, stream: "list_subscribers").items)
            #expect(lists.filter { $0.consent.first?.state == .optedOut }.map(\.recordKey) == ["sk-0009"])
            let events = Support.changes(try await Support.pullAll(connector, stream: "events", now: sandboxNowMs).items)
            let keys = events.flatMap(\.events).map(\.eventKey)
            #expect(keys.count == 11)
            #expect(Set(keys).count == 9)
            #expect(events.flatMap(\.events).filter { $0.type == .hardBounce }.count == 1)
        }
    }
}
