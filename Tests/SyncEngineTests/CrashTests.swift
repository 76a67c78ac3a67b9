import SyncCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

/// Injects a crash between every two steps of the page loop and the drainer, restarts from the store alone, and
/// checks that the vendors end as after an uninterrupted run, with no write applied twice with different effect.
@Suite struct CrashTests {
    /// The vendors' contents after an uninterrupted run.
    static func reference() async throws -> [String: [String: [String]]] {
        let (alpha, beta) = seededVendors()
        _ = try await engine(try temporaryStore(), [alpha, beta]).reconcile()
        return ["alpha": alpha.contents, "beta": beta.contents]
    }

    @Test(arguments: EngineStep.allCases, [1, 2, 5])
    func crashAtStepThenRestartLosesNothingAndDuplicatesNothing(step: EngineStep, occurrence: Int) async throws {
        let reference = try await Self.reference()
        let (alpha, beta) = seededVendors()
        let store = try temporaryStore()
        let hits = Mutex(0)
        let crashing = engine(store, [alpha, beta]) { current in
            guard current == step else { return }
            let count = hits.withLock { $0 += 1; return $0 }
            if count == occurrence { throw ConnectorTestError.crash }
        }
        _ = try? await crashing.reconcile()
        _ = try await engine(store, [alpha, beta]).reconcile()
        let final = try await engine(store, [alpha, beta]).reconcile()
        #expect(final.pushes.map(\.pushed).reduce(0, +) == 0)
        #expect(alpha.contents == reference["alpha"])
        #expect(beta.contents == reference["beta"])
        for vendor in [alpha, beta] {
            let (deliveries, applied) = vendor.state.withLock { ($0.deliveries, $0.applied) }
            #expect(Set(deliveries).count == applied.count)
            #expect(deliveries.count - applied.count <= vendor.pushBatchSize)
        }
        #expect(try await store.read { tx in try tx.deadLetters() }.isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }
}
