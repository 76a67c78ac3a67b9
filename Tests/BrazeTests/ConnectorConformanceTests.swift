import ConnectorTestKit
import BrazeSandbox
import ConnectorKit
import Foundation
import SandboxKit
import SyncCore
import Testing

@testable import BrazeConnector

/// The generic conformance suite (`ConformanceSuite.swift`) run against the Braze connector.
@Suite("Braze connector: conformance")
struct ConnectorConformanceTests {
    /// `unsubscribes`: an item is its address; progress is the window start day (offsets restart inside a window
    /// by design when the lookback is re-read, the window start never moves back).
    static let hooks = ConformanceSuite.Hooks(
        stream: "unsubscribes",
        itemKey: { item in
            switch item {
            case .change(let change): change.email
            case .rejected(let record): record.raw
            }
        },
        progress: { token in
            guard let cursor = try? token.decode(ListCursor.self, expectedVersion: ListCursor.version),
                let day = UTCDay(cursor.windowStart)
            else { return nil }
            return day.index
        },
        now: fixtureNow
    )

    /// 3,000 generated profiles, every second one unsubscribed at its creation time during 2026.
    static let state = BrazeSandbox.generated(
        profiles: 3_000, randomSeed: 7, unsubscribedEvery: 2, clock: sandboxClock())

    static func listConfiguration(_ configuration: inout BrazeConnector.Configuration) {
        configuration.listStartDate = "2026-01-01"
        configuration.listPageSize = 100
    }

    @Test("unsubscribes: pagination terminates, checkpoints never move backwards, every row up to today is read once")
    func paginationAndCheckpoints() async throws {
        try await withBrazeSandbox(Self.state, configure: Self.listConfiguration) { connector, _ in
            let pass = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks)
            ConformanceSuite.checkpointsMonotonic(pass.cursors, hooks: Self.hooks)
            let keys = pass.items.compactMap(Self.hooks.itemKey)
            #expect(keys.count == Set(keys).count)
            #expect(keys.count > 1_000)
            #expect(pass.cursors.count > 15)
            let last = try #require(try pass.cursors.last?.decode(ListCursor.self, expectedVersion: 1))
            #expect(last == ListCursor(windowStart: "2026-11-14", offset: 0))
        }
    }

    @Test("unsubscribes: resuming from a mid-stream cursor leaves no gap", arguments: [1, 4, 9])
    func resume(crashAfterPages: Int) async throws {
        try await withBrazeSandbox(Self.state, configure: Self.listConfiguration) { connector, _ in
            let configuration = connector.configuration
            let transport = AsyncHTTPClientTransport()
            try await withTeardown(of: transport) {
                try await ConformanceSuite.resumeLeavesNoGap(
                    makeConnector: {
                        (try? BrazeConnector(
                            configuration: configuration, transport: transport, logger: LogLines().logger()))
                            ?? connector
                    },
                    hooks: Self.hooks, crashAfterPages: crashAfterPages
                )
            }
        }
    }

    @Test("a 429 is honoured until X-RateLimit-Reset")
    func rateLimit() async throws {
        let clock = ManualTestClock()
        let (connector, _) = try fixtureConnector("rate-limited-429", clock: clock)
        try await ConformanceSuite.rateLimitHonoured(
            connector, hooks: Self.hooks, waitedMs: { clock.sleeps.reduce(0, +) }, minimumWaitMs: 3_000
        )
    }

    @Test("one outcome per pushed item, whatever the payload kinds")
    func oneOutcomePerItem() async throws {
        try await withBrazeSandbox(BrazeSandboxState(clock: sandboxClock())) { connector, _ in
            let event = SendEvent(vendor: "hubspot", eventKey: "e-1", type: .open, at: fixtureNow - 1_000)
            let mutations = [
                attributeMutation("k-1", ["first_name": "Ada", "city": "Leeds"]),
                consentMutation(nil, email: "new.person@example.com", personRef: "vs-new", state: .optedIn),
                consentMutation("k-1", email: nil, personRef: "vs-k1", channel: .push, state: .optedOut),
                consentMutation("k-1", email: nil, personRef: "vs-k1b", state: .optedIn, topic: "unmapped-topic"),
                Mutation(
                    idempotencyKey: "ev", vendor: "braze", recordKey: "k-1", email: nil, personRef: "vs-k1",
                    payload: .event(event)),
                Mutation(
                    idempotencyKey: "sp", vendor: "braze", recordKey: "k-1", email: nil, personRef: "vs-k1",
                    payload: .suppression(
                        Suppression(channel: .email, reason: .spamComplaint, at: 0, source: "hubspot"))),
                attributeMutation("k-2", ["first_name": ""]),
                attributeMutation("k-3", ["not_mapped": "x"]),
            ]
            let outcomes = try await ConformanceSuite.oneOutcomePerItem(connector, mutations: mutations)
            #expect(
                outcomes == [
                    .applied(recordKey: "k-1"),
                    .applied(recordKey: "vs-new"),
                    .applied(recordKey: "k-1"),
                    .rejected(reason: "consent email/unmapped-topic: not supported by braze connector"),
                    .rejected(reason: "not supported by braze connector (pushEvents is off)"),
                    .applied(recordKey: "k-1"),
                    .rejected(reason: "field first_name: empty value not sent (not configured clearable)"),
                    .rejected(reason: "field not_mapped: not mapped for braze"),
                ])
        }
    }

    @Test("no API key or raw email in errors, outcome reasons or log lines")
    func noLeaks() async throws {
        let logs = LogLines()
        let captured = CapturedLogs()
        let (connector, _) = try fixtureConnector("profiles-shared-email", logs: logs)
        await ConformanceSuite.noSecretsLeak(forbidden: [testAPIKey, "shared.inbox@example.com"], logs: captured) {
            let outcomes = try await connector.push([
                consentMutation(nil, email: "shared.inbox@example.com", personRef: "vs-person-1", state: .optedOut)
            ])
            return outcomes.map { "\($0)" } + logs.lines
        }
        let (failing, _) = try fixtureConnector("malformed-body", logs: logs)
        await ConformanceSuite.noSecretsLeak(forbidden: [testAPIKey, "upstream connect error"], logs: captured) {
            _ = try await failing.pull(stream: "unsubscribes", after: nil, context: PullContext(now: fixtureNow))
            return []
        }
        #expect(!logs.lines.isEmpty)
        for line in logs.lines {
            #expect(!line.contains(testAPIKey))
            #expect(!line.contains("shared.inbox@example.com"))
        }
    }

    @Test("profiles: a sweep over 3,000 known keys ends after 60 pages, then waits for the interval")
    func sweepTerminates() async throws {
        try await withBrazeSandbox(Self.state) { connector, _ in
            let keys = (1...3_000).map { "gen-" + String(format: "%07d", $0) }
            let context = PullContext(now: fixtureNow) { after, limit in
                Array(keys.drop { after != nil && $0 <= after! }.prefix(limit))
            }
            var cursor: CursorToken?
            var pages = 0
            var changes = 0
            repeat {
                let page = try await connector.pull(stream: "profiles", after: cursor, context: context)
                pages += 1
                changes += page.items.compactMap(\.change).count
                cursor = page.cursor
                if !page.hasMore { break }
            } while pages < 200
            #expect(pages == 61)
            #expect(changes == 3_000)
            let idle = try await connector.pull(stream: "profiles", after: cursor, context: context)
            #expect(idle.items.isEmpty && !idle.hasMore)
            #expect(try idle.cursor.decode(SweepCursor.self, expectedVersion: 1)?.pass == 1)
        }
    }
}
