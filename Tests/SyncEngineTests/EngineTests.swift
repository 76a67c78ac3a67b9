import ConnectorKit
import Foundation
import SyncCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

/// Builds two seeded test vendors with the conflicts the engine exists for.
func seededVendors() -> (MemoryVendor, MemoryVendor) {
    let alpha = MemoryVendor("alpha")
    let beta = MemoryVendor("beta")
    for index in 1...7 {
        alpha.edit("a\(index)", email: "person\(index)@example.com", firstName: "Name\(index)")
        beta.edit("b\(index)", email: "person\(index)@example.com", firstName: "Name\(index)")
    }
    alpha.edit("a1", email: "person1@example.com", firstName: "Name1", consent: .optedOut)
    beta.edit("b2", email: "person2@example.com", firstName: "Renamed2")
    alpha.edit("a8", email: "alpha-only@example.com", firstName: "Solo")
    return (alpha, beta)
}

func temporaryStore() throws -> SyncStore {
    try SyncStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).sqlite").path)
}

func engine(_ store: SyncStore, _ vendors: [MemoryVendor], checkpoint: @escaping @Sendable (EngineStep) throws -> Void = { _ in }) -> SyncEngine {
    let clock = Mutex<UTCMillis>(5_000_000)
    let environment = EngineEnvironment(
        now: { clock.withLock { $0 += 1; return $0 } },
        sleep: { ms in clock.withLock { $0 += ms } },
        checkpoint: checkpoint
    )
    return SyncEngine(store: store, connectors: vendors, configuration: EngineConfiguration(maxDrainWaitMs: 600_000), environment: environment)
}

@Suite struct EngineTests {
    @Test func optOutReachesTheOtherVendorAndASecondPassIsQuiet() async throws {
        let (alpha, beta) = seededVendors()
        let store = try temporaryStore()
        let first = try await engine(store, [alpha, beta]).reconcile()
        #expect(first.succeeded)
        #expect(beta.contents["b1"] == ["person1@example.com", "Name1", "optedOut"])
        #expect(alpha.contents["a2"] == ["person2@example.com", "Renamed2", "unknown"])
        #expect(beta.contents["beta-\(try await refOf("alpha-only@example.com", store))"] == ["alpha-only@example.com", "Solo", "unknown"])
        #expect(try await store.read { tx in try tx.personCount() } == 8)
        let second = try await engine(store, [alpha, beta]).reconcile()
        #expect(second.streams.map(\.diffs).reduce(0, +) == 0)
        #expect(second.pushes.map(\.pushed).reduce(0, +) == 0)
        #expect(try await store.read { tx in try tx.diffCount(runID: second.runID) } == 0)
    }

    @Test func badRecordIsDeadLetteredWhileTheRestOfThePageAppliesAndReplayAppliesItOnceFixed() async throws {
        let (alpha, beta) = seededVendors()
        alpha.state.withLock { _ = $0.malformed.insert("a3") }
        let store = try temporaryStore()
        let report = try await engine(store, [alpha, beta]).reconcile()
        let alphaReport = try #require(report.streams.first { $0.vendor == "alpha" })
        #expect(alphaReport.deadLettered == 1)
        #expect(alphaReport.applied == 7)
        let letters = try await store.read { tx in try tx.deadLetters() }
        #expect(letters.map(\.reason) == ["modifiedAt: unparseable timestamp"])
        #expect(letters.first?.recordKey == "a3")
        alpha.state.withLock { _ = $0.malformed.remove("a3") }
        let result = try await engine(store, [alpha, beta]).replayDeadLetter(id: try #require(letters.first?.id))
        #expect(result == .applied)
        #expect(try await store.read { tx in try tx.personID(vendor: "alpha", recordKey: "a3") } != nil)
        #expect(try await store.read { tx in try tx.deadLetters(status: "open") }.isEmpty)
    }

    @Test func refusedPushIsDeadLetteredAndFailedBatchesAreRetried() async throws {
        let (alpha, beta) = seededVendors()
        alpha.edit("a9", email: "refuse@example.com", firstName: "No")
        beta.state.withLock { $0.failNextPushes = 2 }
        let store = try temporaryStore()
        let report = try await engine(store, [alpha, beta]).reconcile()
        let betaPush = try #require(report.pushes.first { $0.vendor == "beta" })
        #expect(betaPush.deadLettered == 1)
        #expect(betaPush.retried >= 4)
        #expect(betaPush.pending == 0)
        let letters = try await store.read { tx in try tx.deadLetters() }
        #expect(letters.map(\.direction) == ["push"])
        #expect(letters.first?.reason == "vendor refused the address")
    }

    func refOf(_ email: String, _ store: SyncStore) async throws -> String {
        try await store.read { tx in try tx.loadPerson(try #require(try tx.personID(email: email))).ref }
    }
}

@Suite struct EngineBadInputTests {
    @Test func oversizedFieldAndInvalidEmailAreDeadLetteredWithTheirReasonAndReplayedOnceFixed() async throws {
        let (alpha, beta) = seededVendors()
        alpha.edit("a5", email: "big@example.com", firstName: String(repeating: "x", count: 1_048_576))
        alpha.edit("a6", email: "not-an-email", firstName: "Six")
        let store = try temporaryStore()
        let report = try await engine(store, [alpha, beta]).reconcile()
        let alphaReport = try #require(report.streams.first { $0.vendor == "alpha" })
        #expect(alphaReport.deadLettered == 2)
        #expect(alphaReport.applied == 6)
        let letters = try await store.read { tx in try tx.deadLetters() }.sorted { ($0.recordKey ?? "") < ($1.recordKey ?? "") }
        #expect(letters.map(\.recordKey) == ["a5", "a6"])
        #expect(letters.map(\.reason) == ["first_name: value of 1048576 bytes exceeds the 65536-byte limit", "email: not a valid address"])
        let stillOversized = try await engine(store, [alpha, beta]).replayDeadLetter(id: letters[0].id)
        #expect(stillOversized == .stillFailing(reason: "first_name: value of 1048576 bytes exceeds the 65536-byte limit"))
        alpha.edit("a6", email: "person6@example.com", firstName: "Six")
        let replayed = try await engine(store, [alpha, beta]).replayDeadLetter(id: letters[1].id)
        #expect(replayed == .applied)
        #expect(beta.contents["b6"] == ["person6@example.com", "Six", "unknown"])
    }
}
