import ConnectorKit
import Foundation
import SyncCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

/// A stream reads pages ahead of their commits, at most `prefetchRecords` waiting, and commits the pages read
/// meanwhile in one transaction with the last page's cursor.
@Suite struct ReadAheadTests {
    @Test func pagesReadWhileTheWriterIsBusyCommitTogetherWithinTheReadAheadBound() async throws {
        let store = try temporaryStore()
        let alpha = MemoryVendor("alpha", pageSize: 3)
        for index in 1...30 { alpha.edit(String(format: "a%02d", index), email: "p\(index)@example.com", firstName: "N\(index)") }
        let reads = Mutex(0)
        let commits = Mutex(0)
        let environment = EngineEnvironment(
            now: { Int64(Date().timeIntervalSince1970 * 1000) }, sleep: { _ in },
            checkpoint: { step in
                if step == .beforePull { reads.withLock { $0 += 1 } }
                if step == .afterPageCommit { commits.withLock { $0 += 1 } }
            }
        )
        let engine = SyncEngine(
            store: store, connectors: [alpha],
            configuration: EngineConfiguration(concurrentVendors: false, prefetchRecords: 9), environment: environment
        )
        // Hold the store's writer, as a busy vendor's long commit would.
        let gate = DispatchSemaphore(value: 0)
        let writerHeld = Mutex(false)
        let blocker = Task { try await store.write { _ in writerHeld.withLock { $0 = true }; gate.wait() } }
        while !writerHeld.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let pull = Task { try await engine.pull(alpha, stream: alpha.streams[0], runID: nil) }
        var settled = 0
        for _ in 0..<400 {
            try await Task.sleep(for: .milliseconds(10))
            settled = reads.withLock { $0 }
            if settled >= 5 { break }
        }
        try await Task.sleep(for: .milliseconds(300))
        // The committer took the first page(s) and waits for the writer; 9 records (3 pages) wait behind it and one
        // more page is read and waits to be let in. Then reading stops: the 11 pages of the stream are not all read.
        let held = reads.withLock { $0 }
        #expect(held >= 5 && held < 11, "reads while the writer is held: \(held)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(reads.withLock { $0 } == held, "no read starts while the read-ahead bound is reached")
        #expect(commits.withLock { $0 } == 0)
        gate.signal()
        try await blocker.value
        let report = try await pull.value
        #expect(report.error == nil)
        #expect(report.pulled == 30)
        #expect(report.pages == 11, "10 full pages and the empty one that says the stream is caught up")
        #expect(commits.withLock { $0 } < report.pages, "pages read while the writer was held committed together")
        let cursor = try await store.read { tx in try tx.cursor(vendor: "alpha", stream: "records") }
        let stored = try CursorToken(version: cursor?.version ?? 0, json: cursor?.json ?? "").decode(MemoryVendor.Cursor.self, expectedVersion: 1)
        #expect(stored?.lastKey == "a30")
        let again = try await engine.pull(alpha, stream: alpha.streams[0], runID: nil)
        #expect(again.pulled == 0, "the stored cursor covers every committed page")
    }

    @Test func aReadFailureStopsTheStreamAfterThePagesReadBeforeItCommitted() async throws {
        let store = try temporaryStore()
        let alpha = MemoryVendor("alpha", pageSize: 3)
        for index in 1...12 { alpha.edit(String(format: "a%02d", index), email: "p\(index)@example.com") }
        alpha.state.withLock { $0.failPullsAfter = 2 }
        let engine = SyncEngine(store: store, connectors: [alpha], configuration: EngineConfiguration(prefetchRecords: 100))
        let report = try await engine.pull(alpha, stream: alpha.streams[0], runID: nil)
        #expect(report.error?.contains("pullFailed") == true)
        #expect(report.pulled == 6)
        let cursor = try await store.read { tx in try tx.cursor(vendor: "alpha", stream: "records") }
        let stored = try CursorToken(version: cursor?.version ?? 0, json: cursor?.json ?? "").decode(MemoryVendor.Cursor.self, expectedVersion: 1)
        #expect(stored?.lastKey == "a06")
    }

    @Test func theReadAheadStopsAtMaxPagesPerStream() async throws {
        let store = try temporaryStore()
        let alpha = MemoryVendor("alpha", pageSize: 3)
        for index in 1...30 { alpha.edit(String(format: "a%02d", index), email: "p\(index)@example.com") }
        let engine = SyncEngine(store: store, connectors: [alpha], configuration: EngineConfiguration(maxPagesPerStream: 2))
        let report = try await engine.pull(alpha, stream: alpha.streams[0], runID: nil)
        #expect(report.pages == 2)
        #expect(report.pulled == 6)
        #expect(alpha.state.withLock { $0.pulls } <= 2, "no page read past the limit")
        let cursor = try await store.read { tx in try tx.cursor(vendor: "alpha", stream: "records") }
        let stored = try CursorToken(version: cursor?.version ?? 0, json: cursor?.json ?? "").decode(MemoryVendor.Cursor.self, expectedVersion: 1)
        #expect(stored?.lastKey == "a06")
    }

    @Test(.timeLimit(.minutes(1)))
    func aCancelledPullStopsWhileItsReaderWaitsForAPage() async throws {
        let store = try temporaryStore()
        let alpha = MemoryVendor("alpha", pageSize: 3)
        for index in 1...30 { alpha.edit(String(format: "a%02d", index), email: "p\(index)@example.com") }
        alpha.state.withLock { $0.hangPullsAfter = 2 }
        let engine = SyncEngine(store: store, connectors: [alpha])
        let pull = Task { try await engine.pull(alpha, stream: alpha.streams[0], runID: nil) }
        while alpha.state.withLock({ $0.pulls }) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(100))
        let cancelled = ContinuousClock.now
        pull.cancel()
        let report = try? await pull.value
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        #expect(report?.pulled ?? 6 == 6, "the two pages read before the hang were committed")
        let cursor = try await store.read { tx in try tx.cursor(vendor: "alpha", stream: "records") }
        let stored = try CursorToken(version: cursor?.version ?? 0, json: cursor?.json ?? "").decode(MemoryVendor.Cursor.self, expectedVersion: 1)
        #expect(stored?.lastKey == "a06")
    }
}
