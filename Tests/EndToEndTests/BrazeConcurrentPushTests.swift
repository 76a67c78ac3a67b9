import BrazeConnector
import BrazeSandbox
import ConnectorKit
import ConnectorTestKit
import Foundation
import Logging
import SandboxKit
import SyncCore
import SyncEngine
import SyncStore
import Testing

/// Wraps a transport and watches `/users/track` requests: how many are in flight at once (the most), and any
/// `external_id` sent by two requests in flight together. A request is held until `holdUntil` requests have been in
/// flight at once (at most 60 s; once reached, none is held again), so the overlap does not depend on timing.
final class TrackWatcher: HTTPTransport {
    struct State: Sendable {
        /// The requests in flight and the external ids they hold.
        var holds = InFlightHolds()
        var requests = 0
        var most: Int { holds.most }
        var overlaps: [String] { holds.overlaps }
    }

    let inner: any HTTPTransport
    let holdUntil: Int
    let state = Locked(State())

    init(_ inner: any HTTPTransport, holdUntil: Int) {
        self.inner = inner
        self.holdUntil = holdUntil
    }

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        guard request.url.path == "/users/track" else { return try await inner.execute(request, timeout: timeout) }
        let ids = Self.externalIDs(request.body)
        state.withLock { state in
            state.requests += 1
            state.holds.enter(ids)
        }
        defer { state.withLock { $0.holds.leave(ids) } }
        let started = ContinuousClock.now
        while state.withLock({ $0.most }) < holdUntil, ContinuousClock.now - started < .seconds(60) {
            try await Task.sleep(for: .milliseconds(2))
        }
        return try await inner.execute(request, timeout: timeout)
    }

    /// The distinct `external_id`s of every object of a `/users/track` body.
    static func externalIDs(_ body: Data?) -> Set<String> {
        guard let body, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [] }
        var ids = Set<String>()
        for case let list as [[String: Any]] in object.values {
            for item in list { if let id = item["external_id"] as? String { ids.insert(id) } }
        }
        return ids
    }
}

/// The real Braze connector pushing through its shared HTTP client to the Braze sandbox, which delays every response:
/// several `/users/track` batches are in flight at once, no profile is in two of them, every entry is done once.
@Suite struct BrazeConcurrentPushTests {
    @Test func severalTrackBatchesAreInFlightAndEachProfileIsWrittenByOneAtATime() async throws {
        let state = BrazeSandboxState()
        let sandbox = BrazeSandbox(
            configuration: SandboxConfiguration(rateLimits: .off, faults: FaultSpec(latency: 0.05)), state: state)
        let url = try await sandbox.start()
        let transport = AsyncHTTPClientTransport()
        // Two batches can be in flight: persons 1–75 and 76–150; their second entries wait for their first.
        let watcher = TrackWatcher(transport, holdUntil: 2)
        try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
            let connector = try BrazeConnector(
                configuration: .init(restBaseURL: url.absoluteString, apiKey: "sandbox-api-key"), transport: watcher,
                logger: Logger(label: "test.braze"))
            let store = try SyncStore(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("braze-push-\(UUID().uuidString).sqlite").path)
            let persons = 150
            // Round 0 sets the first name of every profile, round 1 its email opt-in: 300 entries, 4 batches of 75.
            try await store.write { tx in
                let ids = try (1...persons).map { try tx.createPerson(ref: "vs-p\($0)", now: 1) }
                for round in 0..<2 {
                    for (offset, personID) in ids.enumerated() {
                        let index = offset + 1
                        let payload: MutationPayload = round == 0
                            ? .attributes(["first_name": "Name\(index)"])
                            : .consent(ConsentKey(channel: .email), ConsentRecord(state: .optedIn, at: 10, source: "hubspot"))
                        try tx.enqueue(Mutation(idempotencyKey: "p\(index)-r\(round)", vendor: "braze", recordKey: "cust-\(index)",
                                                email: "person\(index)@example.com", personRef: "vs-p\(index)", payload: payload),
                                       personID: personID, now: 1)
                    }
                }
            }
            let engine = SyncEngine(store: store, connectors: [connector], configuration: EngineConfiguration(pushConcurrency: 4))
            let report = try await engine.drain(connector, into: PushReport(vendor: "braze"))
            let watched = watcher.state.current
            #expect(report.error == nil)
            #expect(report.pushed == 2 * persons)
            #expect(report.batches == watched.requests)
            #expect(watched.most == 2)
            #expect(watched.overlaps.isEmpty)
            #expect(try await store.read { tx in try tx.outboxCounts(vendor: "braze") } == ["done": 2 * persons])
            #expect(state.profileCount == persons)
            for index in [1, 75, 76, persons] {
                let profile = try #require(state.profile(externalId: "cust-\(index)"))
                #expect(profile["first_name"]?.stringValue == "Name\(index)")
                #expect(profile["email_subscribe"]?.stringValue == "opted_in")
            }
        }
    }
}
