import ConnectorKit
import Foundation
import SyncCore
import Synchronization

/// An in-process test vendor: records keyed by id with attributes, channel-wide email consent and a modification
/// time; pulls pages of records modified since a watermark; applies pushes once per idempotency key and logs every
/// delivery, so tests can prove nothing was applied twice. A create is an upsert by email, as the real connectors'
/// creates are (HubSpot batch upsert by email, Braze lookup by email before minting an external id).
final class MemoryVendor: VendorConnector, Sendable {
    struct Record: Equatable, Sendable {
        var email: String
        var attributes: [String: String]
        var consent: ConsentState
        var modifiedAt: UTCMillis
    }

    struct State: Sendable {
        var records: [String: Record] = [:]
        var clock: UTCMillis = 1_000_000
        var applied: [String: Mutation] = [:]
        var deliveries: [String] = []
        var failNextPushes = 0
        /// Pushes answered `.retry` with an empty reason for every item, before normal service.
        var unexplainedRetries = 0
        var malformed: Set<String> = []
        /// After this many pulls, every pull throws `ConnectorTestError.pullFailed`.
        var failPullsAfter: Int?
        /// After this many pulls, every pull waits (cancellably) for an hour.
        var hangPullsAfter: Int?
        var pulls = 0
    }

    let vendor: VendorName
    let pageSize: Int
    let state = Mutex(State())

    init(_ name: VendorName, pageSize: Int = 3) {
        vendor = VendorName(rawValue: name.rawValue)
        self.pageSize = pageSize
    }

    var streams: [StreamDescriptor] { [StreamDescriptor(name: "records")] }
    var pushCapabilities: PushCapabilities {
        PushCapabilities(fields: ["email", "first_name"], consentKeys: [ConsentKey(channel: .email)], canCreate: true)
    }
    var pushBatchSize: Int { 4 }

    /// Sets a record as a vendor user would, stamping the vendor's clock.
    func edit(_ key: String, email: String, firstName: String? = nil, consent: ConsentState = .unknown) {
        state.withLock { state in
            state.clock += 1_000
            var record = state.records[key] ?? Record(email: email, attributes: [:], consent: .unknown, modifiedAt: 0)
            record.email = email
            if let firstName { record.attributes["first_name"] = firstName }
            record.consent = consent
            record.modifiedAt = state.clock
            state.records[key] = record
        }
    }

    struct Cursor: Codable { var watermark: UTCMillis; var lastKey: String }

    func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        let position = try cursor?.decode(Cursor.self, expectedVersion: 1) ?? Cursor(watermark: 0, lastKey: "")
        let (failing, hanging) = state.withLock { state in
            state.pulls += 1
            return (state.failPullsAfter.map { state.pulls > $0 } ?? false, state.hangPullsAfter.map { state.pulls > $0 } ?? false)
        }
        if failing { throw ConnectorTestError.pullFailed }
        if hanging { try await Task.sleep(for: .seconds(3_600)) }
        let (rows, malformed) = state.withLock { state in
            (state.records.filter { ($0.value.modifiedAt, $0.key) > (position.watermark, position.lastKey) }
                .sorted { ($0.value.modifiedAt, $0.key) < ($1.value.modifiedAt, $1.key) }
                .prefix(pageSize), state.malformed)
        }
        let items: [PulledItem] = rows.map { key, record in
            if malformed.contains(key) {
                return .rejected(RejectedRecord(vendor: vendor, stream: stream, recordKey: key, reason: "modifiedAt: unparseable timestamp", raw: "{\"id\":\"\(key)\"}"))
            }
            return .change(change(key, record))
        }
        let last = rows.last.map { Cursor(watermark: $0.value.modifiedAt, lastKey: $0.key) } ?? position
        return Page(items: items, cursor: try CursorToken(version: 1, value: last), hasMore: rows.count == pageSize)
    }

    func change(_ key: String, _ record: Record) -> RemoteChange {
        var attributes = record.attributes.mapValues { AttributeValue($0, at: record.modifiedAt) }
        attributes["email"] = AttributeValue(record.email, at: record.modifiedAt)
        return RemoteChange(
            vendor: vendor, stream: "records", recordKey: key, email: record.email, attributes: attributes,
            consent: [ConsentObservation(key: ConsentKey(channel: .email), state: record.consent, at: record.modifiedAt)],
            raw: "{\"id\":\"\(key)\"}"
        )
    }

    func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        try state.withLock { state in
            if state.failNextPushes > 0 {
                state.failNextPushes -= 1
                throw ConnectorTestError.unavailable
            }
            if state.unexplainedRetries > 0 {
                state.unexplainedRetries -= 1
                return mutations.map { _ in .retry(reason: "", afterMs: nil) }
            }
            return mutations.map { mutation in
                state.deliveries.append(mutation.idempotencyKey)
                let existing = state.records.first { $0.value.email == mutation.email }?.key
                let key = mutation.recordKey ?? existing ?? "\(vendor)-\(mutation.personRef)"
                if let earlier = state.applied[mutation.idempotencyKey] {
                    return earlier == mutation ? .applied(recordKey: key) : .rejected(reason: "idempotency key reused with another payload")
                }
                state.applied[mutation.idempotencyKey] = mutation
                if mutation.email == "refuse@example.com" { return .rejected(reason: "vendor refused the address") }
                state.clock += 1
                var record = state.records[key] ?? Record(email: mutation.email ?? "", attributes: [:], consent: .unknown, modifiedAt: 0)
                switch mutation.payload {
                case let .attributes(fields):
                    for (field, value) in fields {
                        if field == "email" { record.email = value } else { record.attributes[field] = value }
                    }
                case let .consent(_, consent):
                    record.consent = consent.state
                default:
                    return .rejected(reason: "not supported")
                }
                record.modifiedAt = state.clock
                state.records[key] = record
                return .applied(recordKey: key)
            }
        }
    }

    func remap(_ record: RejectedRecord) throws -> PulledItem {
        guard let key = record.recordKey, let found = state.withLock({ $0.records[key] }) else {
            return .rejected(record)
        }
        return .change(change(key, found))
    }

    /// The records' contents without modification times, for comparing two runs.
    var contents: [String: [String]] {
        state.withLock { state in
            state.records.mapValues { [$0.email, $0.attributes["first_name"] ?? "", $0.consent.rawValue] }
        }
    }
}

enum ConnectorTestError: Error { case unavailable, crash, pullFailed }
