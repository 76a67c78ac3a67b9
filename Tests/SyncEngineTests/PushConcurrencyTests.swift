import ConnectorKit
import Foundation
import SyncCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

/// Several push batches in flight per vendor (`pushConcurrency`), against a vendor whose pushes take real time.
@Suite struct PushConcurrencyTests {
    /// Checks that every entry was pushed and committed once, and that each person's entries reached the vendor in
    /// outbox order.
    func expectEachEntryDoneOnce(_ entries: [SeededEntry], _ vendor: SlowVendor, _ store: SyncStore) async throws {
        let applied = vendor.state.withLock { $0.applied }
        #expect(applied.count == entries.count)
        #expect(Set(applied) == Set(entries.map(\.key)))
        #expect(try await store.read { tx in try tx.outboxCounts(vendor: vendor.vendor) } == ["done": entries.count])
        let order = Dictionary(uniqueKeysWithValues: applied.enumerated().map { ($1, $0) })
        for (ref, own) in Dictionary(grouping: entries, by: \.personRef) {
            let positions = own.map { order[$0.key] ?? -1 }
            #expect(positions == positions.sorted(), "entries of \(ref) were applied out of order")
        }
    }

    @Test func severalBatchesAreInFlightAtOnceAndEveryEntryIsPushedOnce() async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(hold: .untilInFlight(4))
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 30, rounds: 3)
        let report = try await slowEngine(store, vendor).drain(vendor, into: PushReport(vendor: vendor.vendor))
        let state = vendor.state.withLock { $0 }
        #expect(state.maxInFlight == 4)
        #expect(state.overlaps.isEmpty)
        #expect(vendor.deliveries.count == entries.count)
        #expect(report.error == nil)
        #expect(report.pushed == entries.count)
        #expect(report.batches == state.batches.count)
        #expect(report.retried + report.deadLettered + report.linked == 0)
        try await expectEachEntryDoneOnce(entries, vendor, store)
    }

    @Test func concurrencyOneSendsOneBatchAtATime() async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(delay: .milliseconds(5))
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 8, rounds: 2)
        let report = try await slowEngine(store, vendor, pushConcurrency: 1).drain(vendor, into: PushReport(vendor: vendor.vendor))
        #expect(vendor.state.withLock { $0.maxInFlight } == 1)
        #expect(report.pushed == entries.count)
        #expect(report.batches == (entries.count + vendor.pushBatchSize - 1) / vendor.pushBatchSize)
        try await expectEachEntryDoneOnce(entries, vendor, store)
    }

    @Test func onePersonOrAddressIsNeverInTwoBatchesInFlight() async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(hold: .untilInFlight(4), batchSize: 4)
        // Persons 1 and 7 share an address (spelled differently), so they fall in different batches; person 3 has no
        // address; every person has 6 entries spread over the outbox.
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 12, rounds: 6) { index in
            switch index {
            case 1: "Shared.Inbox@example.com"
            case 7: "shared.inbox@example.com"
            case 3: nil
            default: "person\(index)@example.com"
            }
        }
        // The vendor notes a person ref or an address (compared lower-cased) received while another batch holds it.
        try await drainExpectingNoOverlap(entries, vendor, store)
    }

    @Test func entriesOfOnePersonWithoutAnAddressAreNeverInTwoBatchesInFlight() async throws {
        let store = try temporaryStore()
        // 6 persons × 8 entries, round by round: the second window would hold persons 1 and 2 again, so at most 2
        // batches are in flight.
        let vendor = SlowVendor(hold: .untilInFlight(2), batchSize: 4)
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 6, rounds: 8) { _ in nil }
        try await drainExpectingNoOverlap(entries, vendor, store)
    }

    /// Drains `vendor` and expects several batches in flight, no holder overlap, and every entry done once.
    func drainExpectingNoOverlap(_ entries: [SeededEntry], _ vendor: SlowVendor, _ store: SyncStore) async throws {
        let report = try await slowEngine(store, vendor).drain(vendor, into: PushReport(vendor: vendor.vendor))
        let state = vendor.state.withLock { $0 }
        #expect(state.overlaps.isEmpty)
        #expect(state.maxInFlight > 1)
        #expect(report.pushed == entries.count)
        try await expectEachEntryDoneOnce(entries, vendor, store)
    }

    @Test(arguments: [EngineStep.beforePush, .afterPushBeforeCommit, .afterPushCommit], [1, 3, 6])
    func crashInAnyBatchAbortsTheDrainAndARestartLosesNothingAndDuplicatesNothing(step: EngineStep, occurrence: Int) async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(hold: .untilInFlight(4))
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 20, rounds: 2)
        let hits = Mutex(0)
        let crashing = slowEngine(store, vendor) { current in
            guard current == step else { return }
            if hits.withLock({ $0 += 1; return $0 }) == occurrence { throw ConnectorTestError.crash }
        }
        await #expect(throws: EngineAbort.self) {
            _ = try await crashing.drain(vendor, into: PushReport(vendor: vendor.vendor))
        }
        let restarted = try await slowEngine(store, vendor).drain(vendor, into: PushReport(vendor: vendor.vendor))
        #expect(restarted.error == nil)
        #expect(vendor.state.withLock { $0.overlaps }.isEmpty)
        try await expectEachEntryDoneOnce(entries, vendor, store)
        // Only the batches in flight at the crash may be received again (their entries keep their keys).
        let redelivered = vendor.deliveries.count - entries.count
        #expect(redelivered <= 4 * vendor.pushBatchSize)
    }

    @Test func aRecordCreatedWhileItsPersonIsMergedAwayIsLinkedToTheSurvivor() async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(hold: .untilReleased)
        _ = try await seedOutbox(store, vendor: vendor.vendor, persons: 1, rounds: 1)
        let engine = slowEngine(store, vendor)
        let drain = Task { try await engine.drain(vendor, into: PushReport(vendor: vendor.vendor)) }
        try await vendor.waitUntilInFlight(1)
        let (loser, winner) = try await store.write { tx in
            let loser = try #require(try tx.personIDs().first)
            let winner = try tx.createPerson(ref: "vs-winner", now: 2)
            try tx.mergePerson(loser, into: winner, now: 2)
            return (loser, winner)
        }
        vendor.release()
        #expect(try await drain.value.pushed == 1)
        let linked = try await store.read { tx in try tx.personID(vendor: vendor.vendor, recordKey: "slow-vs-p1") }
        #expect(linked == winner)
        #expect(linked != loser)
    }

    @Test func aRequestedStopStartsNoNewBatchAndLetsTheBatchesInFlightCommit() async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(hold: .untilReleased)
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 40, rounds: 1)
        let stop = Mutex(false)
        let engine = slowEngine(store, vendor, stopRequested: { stop.withLock { $0 } })
        let drain = Task { try await engine.drain(vendor, into: PushReport(vendor: vendor.vendor)) }
        try await vendor.waitUntilInFlight(4)
        stop.withLock { $0 = true }
        vendor.release()
        let report = try await drain.value
        let inFlightAtStop = 4 * vendor.pushBatchSize
        #expect(report.error == nil)
        #expect(report.batches == 4)
        #expect(report.pushed == inFlightAtStop)
        #expect(vendor.deliveries.count == inFlightAtStop)
        #expect(vendor.state.withLock { $0.applied }.count == inFlightAtStop)
        #expect(try await store.read { tx in try tx.outboxCounts(vendor: vendor.vendor) }
            == ["done": inFlightAtStop, "pending": entries.count - inFlightAtStop])
    }

    @Test func cancellationStopsTheDrainPromptlyAndLeavesUnpushedEntriesPending() async throws {
        let store = try temporaryStore()
        let vendor = SlowVendor(hold: .untilReleased)
        let entries = try await seedOutbox(store, vendor: vendor.vendor, persons: 20, rounds: 1)
        let engine = slowEngine(store, vendor)
        let drain = Task { try await engine.drain(vendor, into: PushReport(vendor: vendor.vendor)) }
        try await vendor.waitUntilInFlight(4)
        #expect(vendor.state.withLock { $0.inFlight } == 4)
        let cancelled = ContinuousClock.now
        drain.cancel()
        let report = try await drain.value
        #expect(ContinuousClock.now - cancelled < .seconds(10))
        #expect(report.error != nil)
        #expect(report.pushed == 0)
        #expect(vendor.state.withLock { $0.applied }.isEmpty)
        #expect(try await store.read { tx in try tx.outboxCounts(vendor: vendor.vendor) } == ["pending": entries.count])
    }
}
