import ConnectorKit
import ConnectorTestKit
import Foundation
import SyncCore
import SyncEngine
import SyncStore
import Synchronization

/// A test vendor whose every push takes `delay` of real time (cancellable), after an optional hold: it counts the
/// batches in flight and the most at once, logs every batch it receives, notes any person ref or address held by two
/// batches in flight at once, and applies each idempotency key once (a key received again after it was applied is a
/// redelivery).
///
/// Holds make the overlap of batches independent of timing (the whole suite can starve a test's tasks for seconds).
final class SlowVendor: VendorConnector, Sendable {
    /// What a push waits for before its `delay`.
    enum Hold: Sendable {
        /// Nothing.
        case none
        /// Until `count` batches have been in flight at once (once reached, no push waits again), at most 60 s.
        case untilInFlight(Int)
        /// Until `release()`.
        case untilReleased
    }

    struct State: Sendable {
        /// The batches in flight and the person refs and addresses they hold.
        var holds = InFlightHolds()
        var inFlight: Int { holds.inFlight }
        var maxInFlight: Int { holds.most }
        /// Person refs and addresses received while another batch in flight held them.
        var overlaps: [String] { holds.overlaps }
        /// The idempotency keys of each batch received, in the order the batches arrived.
        var batches: [[String]] = []
        /// Keys applied (each once), in the order applied.
        var applied: [String] = []
        var released = false
    }

    let vendor: VendorName
    let delay: Duration
    let hold: Hold
    let pushBatchSize: Int
    let state = Mutex(State())

    init(_ vendor: VendorName = "slow", delay: Duration = .milliseconds(20), hold: Hold = .none, batchSize: Int = 5) {
        self.vendor = vendor
        self.delay = delay
        self.hold = hold
        pushBatchSize = batchSize
    }

    /// Lets held pushes (`.untilReleased`) go on.
    func release() { state.withLock { $0.released = true } }

    /// Waits until `count` batches are in flight (returns at once when `state.inFlight` never gets there).
    func waitUntilInFlight(_ count: Int) async throws {
        let started = ContinuousClock.now
        while state.withLock({ $0.inFlight }) < count, ContinuousClock.now - started < .seconds(60) {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    var streams: [StreamDescriptor] { [] }
    var pushCapabilities: PushCapabilities {
        PushCapabilities(fields: ["first_name"], consentKeys: [ConsentKey(channel: .email)], canCreate: true)
    }

    func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        Page(items: [], cursor: try CursorToken(version: 1, value: 0), hasMore: false)
    }

    func remap(_ record: RejectedRecord) throws -> PulledItem { .rejected(record) }

    func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        let holds = Set(mutations.flatMap { mutation in
            ["person:" + mutation.personRef] + (mutation.email.map { ["email:" + $0.lowercased()] } ?? [])
        })
        state.withLock { state in
            state.holds.enter(holds)
            state.batches.append(mutations.map(\.idempotencyKey))
        }
        defer { state.withLock { $0.holds.leave(holds) } }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(60), !state.withLock({ state in
            switch hold {
            case .none: true
            case let .untilInFlight(count): state.maxInFlight >= count
            case .untilReleased: state.released
            }
        }) {
            try await Task.sleep(for: .milliseconds(2))
        }
        try await Task.sleep(for: delay)
        return state.withLock { state in
            mutations.map { mutation in
                if !state.applied.contains(mutation.idempotencyKey) { state.applied.append(mutation.idempotencyKey) }
                return .applied(recordKey: mutation.recordKey ?? "slow-\(mutation.personRef)")
            }
        }
    }

    /// Keys received, counting redeliveries.
    var deliveries: [String] { state.withLock { $0.batches.flatMap { $0 } } }
}

/// One seeded outbox entry: its key and its person's ref.
struct SeededEntry: Sendable {
    var key: String
    var personRef: String
}

/// Seeds `rounds` entries for each of `persons` new persons, round by round (so one person's entries are spread over
/// the outbox: `p1-r0, p2-r0, …, p1-r1, …`); round 0 writes attributes, later rounds consent of topic `r<round>`.
/// - Parameter email: the address of person `index` (`nil` for none).
/// - Returns: the entries in outbox (id) order.
func seedOutbox(
    _ store: SyncStore, vendor: VendorName, persons: Int, rounds: Int,
    email: @escaping @Sendable (Int) -> String? = { "person\($0)@example.com" }
) async throws -> [SeededEntry] {
    try await store.write { tx in
        let ids = try (1...persons).map { try tx.createPerson(ref: "vs-p\($0)", now: 1) }
        var entries: [SeededEntry] = []
        for round in 0..<rounds {
            for (offset, personID) in ids.enumerated() {
                let index = offset + 1
                let key = "p\(index)-r\(round)"
                let payload: MutationPayload = round == 0
                    ? .attributes(["first_name": "Name\(index)"])
                    : .consent(ConsentKey(channel: .email, topic: "r\(round)"), ConsentRecord(state: .optedIn, at: 10, source: "hub"))
                let mutation = Mutation(idempotencyKey: key, vendor: vendor, recordKey: nil, email: email(index),
                                        personRef: "vs-p\(index)", payload: payload)
                try tx.enqueue(mutation, personID: personID, now: 1)
                entries.append(SeededEntry(key: key, personRef: "vs-p\(index)"))
            }
        }
        return entries
    }
}

/// An engine over `vendor` on the real clock with `pushConcurrency` batches in flight per vendor, `checkpoint` and
/// `stopRequested`.
func slowEngine(
    _ store: SyncStore, _ vendor: SlowVendor, pushConcurrency: Int = 4,
    checkpoint: @escaping @Sendable (EngineStep) throws -> Void = { _ in },
    stopRequested: @escaping @Sendable () -> Bool = { false }
) -> SyncEngine {
    var environment = EngineEnvironment.live
    environment.checkpoint = checkpoint
    environment.stopRequested = stopRequested
    return SyncEngine(
        store: store, connectors: [vendor], configuration: EngineConfiguration(pushConcurrency: pushConcurrency),
        environment: environment
    )
}
