import ConnectorTestKit
import ConnectorKit
import Foundation
import SandboxKit
import SFMCSandbox
import SyncCore
import Testing
@testable import SFMCConnector

/// The generic conformance suite run against the SFMC connector (sandbox and fixtures).
@Suite("SFMC connector: conformance")
struct ConformanceSFMCTests {
    typealias Support = TestSupport

    static let hooks = ConformanceSuite.Hooks(
        stream: "subscribers",
        itemKey: { item in
            switch item {
            case let .change(change): change.recordKey
            case let .rejected(record): record.recordKey
            }
        },
        progress: { token in (try? token.decode(RetrieveCursor.self, expectedVersion: RetrieveCursor.version))??.watermarkMs },
        now: sandboxNowMs
    )

    @Test("pagination terminates, checkpoints are monotonic, a second pass sees only the lookback overlap")
    func paging() async throws {
        let state = SFMCSandbox.generated(subscribers: 5_200, randomSeed: 3, clock: manualClock())
        try await withSFMCSandbox(state, configure: { $0.pageSize = 1_000 }) { connector, _, _ in
            let pass = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks)
            #expect(pass.cursors.count == 6)
            #expect(Set(pass.items.compactMap(Self.hooks.itemKey)).count == 5_200)
            ConformanceSuite.checkpointsMonotonic(pass.cursors, hooks: Self.hooks)
            let second = try await ConformanceSuite.paginationTerminates(connector, hooks: Self.hooks, from: pass.cursors.last)
            #expect(second.items.count < 10)
            ConformanceSuite.checkpointsMonotonic(pass.cursors + second.cursors, hooks: Self.hooks)
        }
    }

    @Test("resume from a mid-pass cursor (simulated crash) leaves no gap", arguments: [1, 3])
    func resume(crashAfterPages: Int) async throws {
        let state = SFMCSandbox.generated(subscribers: 2_500, randomSeed: 4, clock: manualClock())
        try await withSFMCSandbox(state, configure: { $0.pageSize = 500 }) { connector, _, _ in
            try await ConformanceSuite.resumeLeavesNoGap(
                makeConnector: { connector }, hooks: Self.hooks, crashAfterPages: crashAfterPages)
        }
    }

    @Test("a 429 (errorcode 50100, Retry-After: 5) is honoured before the page is read")
    func rateLimit() async throws {
        let clock = VirtualClock()
        let connector = Support.connector(Support.configuration(), transport: try Support.replay("rate-limited"), clock: clock)
        try await ConformanceSuite.rateLimitHonoured(
            connector, hooks: Self.hooks, waitedMs: { clock.sleeps.reduce(0, +) }, minimumWaitMs: 5_000)
    }

    @Test("one outcome per pushed item, whatever the payload kinds")
    func oneOutcomePerItem() async throws {
        let state = SFMCSandboxState(clock: manualClock())
        state.putSubscriber(key: "sk-1", email: "one@example.com", createdMs: 0)
        try await withSFMCSandbox(state, configure: { $0.eventsDataExtensionKey = nil }) { connector, _, _ in
            let outcomes = try await ConformanceSuite.oneOutcomePerItem(connector, mutations: [
                Support.mutation("a", recordKey: "sk-1", email: nil, .attributes(["first_name": "X"])),
                Support.mutation("b", recordKey: nil, email: nil, .attributes(["first_name": "Y"])),
                Support.mutation("c", recordKey: "sk-1", email: nil, .consent(ConsentKey(channel: .sms),
                                                                              ConsentRecord(state: .optedOut, at: 0, source: "braze"))),
                Support.mutation("d", recordKey: "sk-1", email: nil, .attributes(["favourite_colour": "blue"])),
                Support.mutation("e", recordKey: "sk-1", email: nil, .event(SendEvent(vendor: "braze", eventKey: "k", type: .open, at: 0))),
            ])
            #expect(outcomes[0] == .applied(recordKey: "sk-1"))
            #expect(outcomes.dropFirst().allSatisfy { if case .rejected = $0 { true } else { false } })
        }
    }

    @Test("no client secret, token or raw email in errors, outcome reasons or log lines")
    func noLeaks() async throws {
        let logs = CapturedLogs()
        let state = SFMCSandboxState(clock: manualClock())
        state.putSubscriber(key: "sk-1", email: "private.person@example.com", createdMs: 0)
        let transport = AsyncHTTPClientTransport()
        try await withTeardown(of: transport) {
            try await leakChecks(state, transport: transport, logs: logs)
        }
    }

    private func leakChecks(_ state: SFMCSandboxState, transport: AsyncHTTPClientTransport, logs: CapturedLogs) async throws {
        try await withSFMCSandbox(state) { connector, sandbox, _ in
            var configuration = connector.configuration
            configuration.clientSecret = "wrong-secret-value"
            let bad = SFMCConnector(configuration: configuration, transport: transport,
                                    logger: logs.logger(), retry: .none)
            await ConformanceSuite.noSecretsLeak(forbidden: ["wrong-secret-value"], logs: logs) {
                _ = try await bad.pull(stream: "subscribers", after: nil, context: PullContext(now: sandboxNowMs))
                return []
            }
            let good = SFMCConnector(configuration: connector.configuration, transport: transport,
                                     logger: logs.logger())
            await ConformanceSuite.noSecretsLeak(forbidden: ["sandbox-secret", "sbx-", "private.person@example.com"], logs: logs) {
                let outcomes = try await good.push([
                    Support.mutation("x", recordKey: "sk-1", email: "private.person@example.com", .attributes(["email": "bad@@x"])),
                ])
                _ = try await good.pull(stream: "subscribers", after: nil, context: PullContext(now: sandboxNowMs))
                return outcomes.map { "\($0)" }
            }
            _ = sandbox
        }
    }
}
