import ConnectorKit
import Foundation
import SandboxKit
import SFMCSandbox
import SyncCore
import Testing
@testable import SFMCConnector

/// Restarts in the middle of a paged Retrieve: `ContinueRequest` is server state, so a page fetched but not
/// committed before a crash must be read again, and committed pages must not come back.
@Suite("SFMC connector: resuming a paged Retrieve")
struct ConnectorResumeTests {
    typealias Support = TestSupport

    /// The keys a page delivers: SubscriberKey for `subscribers`, the derived event key for `events`.
    static func keys(_ page: Page, stream: String) -> [String] {
        let changes = Support.changes(page.items)
        return stream == "events" ? changes.flatMap(\.events).map(\.eventKey) : changes.compactMap(\.recordKey)
    }

    /// A stored cursor and the pages committed with it, as the engine keeps them.
    struct Store {
        var cursor: CursorToken?
        var committed: [String] = []
        var pages = 0

        mutating func commit(_ page: Page, stream: String) {
            committed += ConnectorResumeTests.keys(page, stream: stream)
            cursor = page.cursor
            pages += 1
        }
    }

    @Test("6,000 rows in 3 pages: stop after page 2, crash with page 3 fetched but not committed, resume: each row once",
          arguments: ["subscribers", "events"])
    func restartMidRetrieve(stream: String) async throws {
        let clock = manualClock()
        let state = SFMCSandbox.generated(subscribers: 6_000, randomSeed: 21, sentEvents: stream == "events", clock: clock)
        try await withSFMCSandbox(state, configure: { $0.initialEventsLookbackMs = 365 * 86_400_000 }) {
            first, _, recorder in
            let context = PullContext(now: sandboxNowMs)
            var store = Store()
            for _ in 0..<2 { store.commit(try await first.pull(stream: stream, after: store.cursor, context: context), stream: stream) }
            #expect(store.committed.count == 5_000)

            // Same process: page 3 fetched, the commit fails, the engine asks again from the page-2 cursor.
            let uncommitted = try await first.pull(stream: stream, after: store.cursor, context: context)
            let again = try await first.pull(stream: stream, after: store.cursor, context: context)
            #expect(Self.keys(again, stream: stream) == Self.keys(uncommitted, stream: stream))
            #expect(Self.keys(again, stream: stream).count == 1_000)

            // Restart after page 2; the new process fetches page 3 and dies before committing it.
            let second = Self.restarted(first, recorder)
            let lost = try await second.pull(stream: stream, after: store.cursor, context: context)
            #expect(Self.keys(lost, stream: stream) == Self.keys(uncommitted, stream: stream))

            // Restart again from the stored cursor: page 3 comes back, and the pass (or object type) ends.
            let third = Self.restarted(first, recorder)
            var page = try await third.pull(stream: stream, after: store.cursor, context: context)
            store.commit(page, stream: stream)
            while page.hasMore {
                page = try await third.pull(stream: stream, after: store.cursor, context: context)
                store.commit(page, stream: stream)
            }
            #expect(store.committed.count == 6_000)
            #expect(Set(store.committed).count == 6_000, "each row committed exactly once")
            let continues = recorder.requests.filter { $0.body.contains("<ContinueRequest>") }.count
            #expect(continues >= 2 + 3 * 2, "the restarts re-read pages 1-2 through a re-issued Retrieve")
        }
    }

    @Test("a committed row changed before the restart: the pass starts over, nothing is lost")
    func changedPrefixRestartsThePass() async throws {
        let clock = manualClock()
        let state = SFMCSandbox.generated(subscribers: 6_000, randomSeed: 22, clock: clock)
        try await withSFMCSandbox(state) { first, _, recorder in
            let context = PullContext(now: sandboxNowMs)
            var store = Store()
            for _ in 0..<2 { store.commit(try await first.pull(stream: "subscribers", after: store.cursor, context: context), stream: "subscribers") }
            clock.advance(by: 60)
            let record = ConsentRecord(state: .optedOut, at: sandboxNowMs, source: "braze")
            let outcomes = try await first.push([Support.mutation(
                "m-1", recordKey: "sk-gen-0000010", email: nil, .consent(ConsentKey(channel: .email), record))])
            #expect(outcomes == [.applied(recordKey: "sk-gen-0000010")])

            let restarted = Self.restarted(first, recorder)
            let restart = try await restarted.pull(stream: "subscribers", after: store.cursor, context: context)
            #expect(restart.items.isEmpty && restart.hasMore, "the changed result set restarts the pass")
            store.cursor = restart.cursor
            var page: Page
            repeat {
                page = try await restarted.pull(stream: "subscribers", after: store.cursor, context: context)
                store.commit(page, stream: "subscribers")
            } while page.hasMore
            #expect(Set(store.committed).count == 6_000, "nothing lost")
            #expect(store.committed.count == 11_000, "the committed 5,000 come again (idempotent re-reads), once more each")
        }
    }

    /// A connector as a restarted process builds it: same configuration, no memory of open RequestIDs.
    static func restarted(_ connector: SFMCConnector, _ transport: RecordingTransport) -> SFMCConnector {
        SFMCConnector(configuration: connector.configuration, transport: transport,
                      retry: RetryPolicy(baseDelayMs: 5, maxDelayMs: 50))
    }
}
