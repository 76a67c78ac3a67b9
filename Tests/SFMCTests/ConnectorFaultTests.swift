import ConnectorTestKit
import ConnectorKit
import Foundation
import SandboxKit
import SFMCSandbox
import SyncCore
import Testing
@testable import SFMCConnector

/// The connector against a sandbox that injects faults: retried pages and writes are never applied twice.
@Suite("SFMC connector: faults")
struct ConnectorFaultTests {
    typealias Support = TestSupport

    @Test("5xx, 429 and truncated bodies: every subscriber pulled exactly once, pushes applied once per effect")
    func faultyPullAndPush() async throws {
        let state = SFMCSandbox.generated(subscribers: 6_000, randomSeed: 11, listIDs: [1001], clock: manualClock())
        let faults = try FaultSpec(parsing: "5xx=0.1,429=0.05,malformed=0.05")
        let clock = VirtualClock()
        try await withSFMCSandbox(state, faults: faults, clock: clock.epochClock, configure: { $0.pageSize = 500 }) {
            connector, sandbox, _ in
            let pass = try await Support.pullAll(connector, stream: "subscribers")
            let keys = Support.changes(pass.items).compactMap(\.recordKey)
            #expect(keys.count == 6_000)
            #expect(Set(keys).count == 6_000)
            let mutations = (1...40).map { n in
                Support.mutation("m\(n)", recordKey: "sk-gen-" + String(format: "%07d", n), email: nil,
                                 .attributes(["first_name": "Name\(n)"]))
            }
            let outcomes = try await connector.push(mutations)
            #expect(outcomes.allSatisfy { if case .applied = $0 { true } else { false } })
            var digests: [String: Set<String>] = [:]
            for write in sandbox.writeLog.all() { digests[write.objectKey, default: []].insert(write.effectDigest) }
            #expect(digests.count == 40)
            #expect(digests.values.allSatisfy { $0.count == 1 }, "a retried write was applied with a different effect")
            #expect(sandbox.faultCounters.totalFailures > 0)
        }
    }

    @Test("an unknown or expired RequestID re-issues the Retrieve and skips the committed rows instead of failing")
    func expiredRequestID() async throws {
        let state = SFMCSandbox.generated(subscribers: 1_200, randomSeed: 12, clock: manualClock())
        try await withSFMCSandbox(state, configure: { $0.pageSize = 500 }) { connector, _, _ in
            let first = try await connector.pull(stream: "subscribers", after: nil, context: PullContext(now: sandboxNowMs))
            #expect(first.hasMore)
            var cursor = try #require(try first.cursor.decode(RetrieveCursor.self, expectedVersion: RetrieveCursor.version))
            cursor.requestID = "00000000-0000-0000-0000-000000000000"
            let stale = try CursorToken(version: RetrieveCursor.version, value: cursor)
            let rest = try await Support.pullAll(connector, stream: "subscribers", from: stale)
            let keys = Support.changes(first.items + rest.items).compactMap(\.recordKey)
            #expect(keys.count == 1_200)
            #expect(Set(keys).count == 1_200)
        }
    }
}
