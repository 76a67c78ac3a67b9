import ConnectorKit
import Foundation
import SyncCore
import Synchronization

/// An in-process vendor for the daemon's tests: records with a first name, pulled by modification time; pushes
/// applied once per idempotency key. Counts pulls so a test can tell whether a poller passed.
final class FakeVendor: VendorConnector, Sendable {
    struct Record: Sendable {
        var email: String
        var firstName: String
        var modifiedAt: UTCMillis
    }

    struct State: Sendable {
        var records: [String: Record] = [:]
        var clock: UTCMillis = 1_000_000
        var pulls = 0
        var applied: Set<String> = []
    }

    let vendor: VendorName
    let state = Mutex(State())

    init(_ name: String) { vendor = VendorName(rawValue: name) }

    var streams: [StreamDescriptor] { [StreamDescriptor(name: "records")] }
    var pushCapabilities: PushCapabilities {
        PushCapabilities(fields: ["email", "first_name"], consentKeys: [], canCreate: true)
    }
    var pushBatchSize: Int { 10 }
    var pulls: Int { state.withLock { $0.pulls } }

    func edit(_ key: String, email: String, firstName: String) {
        state.withLock { state in
            state.clock += 1_000
            state.records[key] = Record(email: email, firstName: firstName, modifiedAt: state.clock)
        }
    }

    private struct Cursor: Codable { var watermark: UTCMillis }

    func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        let position = try cursor?.decode(Cursor.self, expectedVersion: 1) ?? Cursor(watermark: 0)
        let rows = state.withLock { state in
            state.pulls += 1
            return state.records.filter { $0.value.modifiedAt > position.watermark }.sorted { $0.value.modifiedAt < $1.value.modifiedAt }
        }
        let items: [PulledItem] = rows.map { key, record in
            .change(RemoteChange(
                vendor: vendor, stream: stream, recordKey: key, email: record.email,
                attributes: [
                    "email": AttributeValue(record.email, at: record.modifiedAt),
                    "first_name": AttributeValue(record.firstName, at: record.modifiedAt),
                ],
                raw: "{}"
            ))
        }
        let last = rows.last.map { Cursor(watermark: $0.value.modifiedAt) } ?? position
        return Page(items: items, cursor: try CursorToken(version: 1, value: last), hasMore: false)
    }

    func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        state.withLock { state in
            mutations.map { mutation in
                let key = mutation.recordKey ?? "\(vendor)-\(mutation.personRef)"
                guard state.applied.insert(mutation.idempotencyKey).inserted else { return .applied(recordKey: key) }
                state.clock += 1
                var record = state.records[key] ?? Record(email: mutation.email ?? "", firstName: "", modifiedAt: 0)
                if case let .attributes(fields) = mutation.payload {
                    if let name = fields["first_name"] { record.firstName = name }
                    if let email = fields["email"] { record.email = email }
                }
                record.modifiedAt = state.clock
                state.records[key] = record
                return .applied(recordKey: key)
            }
        }
    }

    func remap(_ record: RejectedRecord) throws -> PulledItem { .rejected(record) }
}
