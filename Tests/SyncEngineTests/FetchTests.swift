import ConnectorKit
import Foundation
import SyncCore
import SyncEngine
import SyncStore
import Synchronization
import Testing

/// A `MemoryVendor` whose records can be fetched by key, and whose stream pages can be held between the read and
/// the return (so a test can let a fetch overtake a page in flight).
final class FetchableVendor: RecordFetching, Sendable {
    let inner: MemoryVendor
    private struct Gate {
        var hold = false
        var read = false
        var held: CheckedContinuation<Void, Never>?
        var readWaiter: CheckedContinuation<Void, Never>?
    }

    private let gate = Mutex(Gate())

    init(_ inner: MemoryVendor) { self.inner = inner }

    var vendor: VendorName { inner.vendor }
    var streams: [StreamDescriptor] { inner.streams }
    var pushCapabilities: PushCapabilities { inner.pushCapabilities }
    var pushBatchSize: Int { inner.pushBatchSize }
    var fetchableStreams: Set<String> { ["records"] }
    var fetchBatchSize: Int { 2 }

    /// The next page is held after its read until `release()`.
    func holdNextPage() { gate.withLock { $0.hold = true } }

    /// Returns once the held page has been read.
    func waitUntilPageRead() async {
        await withCheckedContinuation { continuation in
            let now = gate.withLock { gate -> Bool in
                if gate.read { return true }
                gate.readWaiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() { gate.withLock { gate in defer { gate.held = nil }; return gate.held }?.resume() }

    func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        let page = try await inner.pull(stream: stream, after: cursor, context: context)
        let holding = gate.withLock { gate in defer { gate.hold = false }; return gate.hold }
        if holding {
            await withCheckedContinuation { continuation in
                let waiter = gate.withLock { gate in
                    gate.held = continuation
                    gate.read = true
                    defer { gate.readWaiter = nil }
                    return gate.readWaiter
                }
                waiter?.resume()
            }
        }
        return page
    }

    func fetch(stream: String, recordKeys: [String], context: PullContext) async throws -> [PulledItem] {
        inner.state.withLock { state in
            recordKeys.compactMap { key in state.records[key].map { (key, $0) } }
        }.map { .change(inner.change($0.0, $0.1)) }
    }

    func push(_ mutations: [Mutation]) async throws -> [PushOutcome] { try await inner.push(mutations) }
    func remap(_ record: RejectedRecord) throws -> PulledItem { try inner.remap(record) }
}

@Suite struct FetchTests {
    func firstName(_ store: SyncStore, _ key: String) async throws -> String? {
        try await store.read { tx in
            guard let person = try tx.personID(vendor: "alpha", recordKey: key) else { return nil }
            return try tx.loadPerson(person).state.attributes["first_name"]?.value
        }
    }

    @Test func aFetchAppliesTheNamedRecordsWithoutMovingTheCursor() async throws {
        let vendor = FetchableVendor(MemoryVendor("alpha"))
        vendor.inner.edit("a1", email: "one@example.com", firstName: "One")
        vendor.inner.edit("a2", email: "two@example.com", firstName: "Two")
        vendor.inner.edit("a3", email: "three@example.com", firstName: "Three")
        let store = try temporaryStore()
        let report = try await engine(store, []).fetch(vendor, stream: "records", recordKeys: ["a1", "a3", "a1", "gone"])
        #expect(report.pulled == 2 && report.pages == 2 && report.error == nil)
        #expect(try await firstName(store, "a1") == "One")
        #expect(try await firstName(store, "a3") == "Three")
        #expect(try await firstName(store, "a2") == nil)
        #expect(try await store.read { tx in try tx.cursors() }.isEmpty)
    }

    @Test func aPageReadBeforeAFetchDoesNotOverwriteWhatTheFetchApplied() async throws {
        let vendor = FetchableVendor(MemoryVendor("alpha", pageSize: 10))
        vendor.inner.edit("a1", email: "one@example.com", firstName: "Old")
        let store = try temporaryStore()
        let engine = engine(store, [])
        vendor.holdNextPage()
        let pass = Task { try await engine.pull(vendor, stream: StreamDescriptor(name: "records"), runID: nil) }
        // The page has read "Old" and is held; the record changes and a fetch reads and commits "New" first.
        await vendor.waitUntilPageRead()
        vendor.inner.edit("a1", email: "one@example.com", firstName: "New")
        _ = try await engine.fetch(vendor, stream: "records", recordKeys: ["a1"])
        #expect(try await firstName(store, "a1") == "New")
        vendor.release()
        let report = try await pass.value
        #expect(report.error == nil && report.pulled == 1)
        #expect(try await firstName(store, "a1") == "New")
        // The next pass reads the current record; nothing changes.
        _ = try await engine.pull(vendor, stream: StreamDescriptor(name: "records"), runID: nil)
        #expect(try await firstName(store, "a1") == "New")
    }
}
