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
            let items = try await Self.pullAllAsTheEngine(connector, stream: "subscribers")
            let keys = Support.changes(items).compactMap(\.recordKey)
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

    @Test("a ContinueRequest answer lost after SFMC sent the page is not resent: the page is read through a re-issued Retrieve")
    func lostContinueAnswer() async throws {
        let state = SFMCSandbox.generated(subscribers: 3_000, randomSeed: 13, clock: manualClock())
        try await withSFMCSandbox(state, configure: { $0.pageSize = 500 }) { connector, _, recorder in
            let lossy = LosesContinueAnswers(recorder, losing: [2, 4])
            let lossyConnector = SFMCConnector(configuration: connector.configuration, transport: lossy,
                                               retry: RetryPolicy(baseDelayMs: 5, maxDelayMs: 50))
            let items = try await Self.pullAllAsTheEngine(lossyConnector, stream: "subscribers")
            let keys = Support.changes(items).compactMap(\.recordKey)
            #expect(lossy.lost == 2, "SFMC sent two pages whose answers were cut")
            #expect(keys.count == 3_000)
            #expect(Set(keys).count == 3_000, "no page lost, none delivered twice")
        }
    }

    /// Pulls `stream` to the end as the engine does: a page whose pull fails with `retryLater` is asked for again
    /// from the same cursor (at most 20 times in a row).
    static func pullAllAsTheEngine(_ connector: SFMCConnector, stream: String) async throws -> [PulledItem] {
        var items: [PulledItem] = []
        var cursor: CursorToken?
        var failures = 0
        while true {
            let page: Page
            do {
                page = try await connector.pull(stream: stream, after: cursor, context: PullContext(now: sandboxNowMs))
            } catch let error as ConnectorError where error.recovery == .retryLater(afterMs: nil) && failures < 20 {
                failures += 1
                continue
            }
            failures = 0
            items += page.items
            cursor = page.cursor
            if !page.hasMore { return items }
        }
    }
}

/// Forwards every request; for the `ContinueRequest`s numbered in `losing` (1-based) it lets SFMC answer, then
/// hands the connector a body cut in half, as a connection reset after the server sent the page would.
final class LosesContinueAnswers: HTTPTransport, Sendable {
    let inner: any HTTPTransport
    let losing: Set<Int>
    private let counts = Locked((continues: 0, lost: 0))

    init(_ inner: any HTTPTransport, losing: Set<Int>) {
        self.inner = inner
        self.losing = losing
    }

    var lost: Int { counts.withLock { $0.lost } }

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        var response = try await inner.execute(request, timeout: timeout)
        guard String(decoding: request.body ?? Data(), as: UTF8.self).contains("<ContinueRequest>") else { return response }
        let cut = counts.withLock { state -> Bool in
            state.continues += 1
            guard losing.contains(state.continues) else { return false }
            state.lost += 1
            return true
        }
        if cut { response.body = response.body.prefix(response.body.count / 2) }
        return response
    }
}
