import SyncCore
import SyncEngine
import SyncStore
import Testing

/// Every retried push keeps a reason in the outbox, also once delivered, even when the connector gave none.
@Suite struct OutboxReasonTests {
    @Test func aRetryWithoutAReasonIsRecordedWithOneAndKeptOnceDelivered() async throws {
        let (alpha, beta) = seededVendors()
        beta.state.withLock { $0.unexplainedRetries = 1 }
        let store = try temporaryStore()
        let report = try await engine(store, [alpha, beta]).reconcile()
        let betaPush = try #require(report.pushes.first { $0.vendor == "beta" })
        #expect(betaPush.retried > 0)
        #expect(betaPush.pending == 0)
        let keys = beta.state.withLock { Array($0.applied.keys) }
        let rows = try await store.read { tx in try keys.compactMap { try tx.outboxStatus(idempotencyKey: $0) } }
        let retried = rows.filter { $0.lastError != nil }
        #expect(retried.count == betaPush.retried)
        #expect(retried.allSatisfy { $0.status == "done" && $0.lastError == OutboxLifecycle.unexplained })
    }

    @Test func theLifecycleNeverStoresAnEmptyReason() {
        let lifecycle = OutboxLifecycle(maxAttempts: 2, baseMs: 10, capMs: 100)
        #expect(lifecycle.decide(.retry(reason: " ", afterMs: nil), attempts: 1, now: 0, random: 0)
            == .retry(at: 0, error: OutboxLifecycle.unexplained))
        #expect(lifecycle.decide(.retry(reason: "", afterMs: nil), attempts: 2, now: 0, random: 0)
            == .dead(reason: "gave up after 2 attempts: \(OutboxLifecycle.unexplained)"))
        #expect(lifecycle.decide(.rejected(reason: ""), attempts: 1, now: 0, random: 0) == .dead(reason: OutboxLifecycle.unexplained))
    }
}
