import ConnectorTestKit
import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import HubSpotConnector

/// The generic conformance suite run against the HubSpot connector over an in-memory search double.
@Suite("HubSpot connector: conformance")
struct ConformanceHubSpotTests {
    typealias Support = ConnectorTestSupport

    static let hooks = ConformanceSuite.Hooks(
        stream: "contacts",
        itemKey: { item in
            switch item {
            case .change(let change): change.recordKey
            case .rejected(let record): record.recordKey
            }
        },
        progress: { token in
            (try? token.decode(ContactsCursor.self, expectedVersion: ContactsCursor.version))??.watermarkMs
        }
    )

    /// `count` contacts over 1,000 distinct times from `baseMs`, of which `shared` share `baseMs + 500_000`.
    static func contacts(_ count: Int, shared: Int, baseMs: Int64 = 1_700_000_000_000) -> [FakeSearchBackend.Contact] {
        (0..<count).map { index in
            let id = Int64(100_000 + index)
            let ms = index < shared ? baseMs + 500_000 : baseMs + Int64((index * 7_919) % 1_000) * 1_000
            return FakeSearchBackend.Contact(id: id, modifiedMs: ms, email: "contact\(index)@example.com")
        }
    }

    static func connector(
        _ backend: FakeSearchBackend, clock: VirtualClock = VirtualClock(), pageSize: Int = 200
    ) -> HubSpotConnector {
        var configuration = Support.configuration(pageSize: pageSize)
        configuration.searchPerSecond = 1_000_000
        configuration.burstLimit = 1_000_000
        return Support.connector(configuration, transport: backend, clock: clock)
    }

    @Test("25,000 contacts, 12,000 sharing one lastmodifieddate: each exactly once, checkpoints monotonic")
    func sharedTimestamp() async throws {
        let data = Self.contacts(25_000, shared: 12_000)
        let backend = FakeSearchBackend(contacts: data)
        let connector = Self.connector(backend)
        let pass = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks)
        let keys = pass.items.compactMap(Self.hooks.itemKey)
        #expect(keys.count == 25_000)
        #expect(Set(keys).count == 25_000)
        ConformanceSuite.checkpointsMonotonic(pass.cursors, hooks: Self.hooks)
        let cursor = try Support.contactsCursor(try #require(pass.cursors.last))
        let maxMs = data.map(\.modifiedMs).max() ?? 0
        #expect(cursor.watermarkMs == maxMs)

        // A second pass yields only the lookback overlap: contacts modified at or after watermark − 5 min.
        let second = try await ConformanceSuite.paginationTerminates(
            connector, hooks: Self.hooks, from: pass.cursors.last)
        let overlap = Set(data.filter { $0.modifiedMs >= maxMs - 300_000 }.map { String($0.id) })
        #expect(Set(second.items.compactMap(Self.hooks.itemKey)) == overlap)

        // A contact changed afterwards is pulled by the next pass.
        backend.touch(id: 100_000, modifiedMs: maxMs + 60_000)
        let third = try await ConformanceSuite.paginationTerminates(
            connector, hooks: Self.hooks, from: second.cursors.last)
        #expect(third.items.compactMap(Self.hooks.itemKey).contains("100000"))
        #expect(try Support.contactsCursor(try #require(third.cursors.last)).watermarkMs == maxMs + 60_000)
    }

    @Test("resume from a mid-stream cursor (simulated crash) leaves no gap", arguments: [1, 7, 50, 51])
    func resume(crashAfterPages: Int) async throws {
        let backend = FakeSearchBackend(contacts: Self.contacts(12_000, shared: 10_500))
        try await ConformanceSuite.resumeLeavesNoGap(
            makeConnector: { Self.connector(backend) }, hooks: Self.hooks, crashAfterPages: crashAfterPages
        )
    }

    @Test("a 429 is honoured before the page is read")
    func rateLimit() async throws {
        let backend = FakeSearchBackend(contacts: Self.contacts(3, shared: 0), throttleFirst: 1)
        let clock = VirtualClock()
        try await ConformanceSuite.rateLimitHonoured(
            Self.connector(backend, clock: clock), hooks: Self.hooks,
            waitedMs: { clock.sleeps.reduce(0, +) }, minimumWaitMs: 10_000
        )
    }

    @Test("one outcome per pushed item, whatever the payload kinds")
    func oneOutcomePerItem() async throws {
        let backend = FakeSearchBackend(contacts: [])
        let mutations = [
            Support.attributes("a", email: nil, ["first_name": "X"]),
            Support.attributes("b", email: "not an email", ["first_name": "Y"]),
            Mutation(
                idempotencyKey: "c", vendor: "hubspot", recordKey: "1", email: "z@example.com", personRef: "p",
                payload: .suppression(Suppression(channel: .email, reason: .spamComplaint, at: 0, source: "braze"))),
            Mutation(
                idempotencyKey: "d", vendor: "hubspot", recordKey: "1", email: "z@example.com", personRef: "p",
                payload: .consent(ConsentKey(channel: .sms), ConsentRecord(state: .optedOut, at: 0, source: "braze"))),
        ]
        let outcomes = try await ConformanceSuite.oneOutcomePerItem(Self.connector(backend), mutations: mutations)
        #expect(outcomes.allSatisfy { if case .rejected = $0 { true } else { false } })
    }

    @Test("no token or raw email in errors, outcome reasons or log lines")
    func noLeaks() async throws {
        let logs = CapturedLogs()
        let token = "pat-na1-0000-secret-token"
        let configuration = Support.configuration(auth: .privateApp(token: token))
        let transport = try Support.replay("partial-batch-failure")
        let connector = Support.connector(configuration, transport: transport, logger: logs.logger())
        await ConformanceSuite.noSecretsLeak(
            forbidden: [token, "hugo.hansen@example.com", "jonas.new@example.com"], logs: logs
        ) {
            let outcomes = try await connector.push([
                Support.attributes("k1", email: "greta.garcia@example.com", ["first_name": "Greta"]),
                Support.attributes("k2", email: "hugo.hansen@example.com", ["lifecycle_stage": "bogus"]),
                Support.attributes("k3", email: "ines.ivanova@example.com", ["last_name": "Ivanova"]),
                Support.attributes("k4", email: "Greta.Garcia@example.com", ["last_name": "Garcia"]),
                Support.attributes(
                    "k5", email: "jonas.old@example.com", recordKey: "6005", ["email": "jonas.new@example.com"]),
            ])
            return outcomes.map { "\($0)" }
        }
        await ConformanceSuite.noSecretsLeak(forbidden: [token], logs: logs) {
            _ = try await connector.pull(stream: "contacts", after: nil, context: PullContext(now: 0))
            return []
        }
        #expect(!logs.lines.isEmpty)
    }
}
