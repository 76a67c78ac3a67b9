/// What must be written to one vendor record.
public enum MutationPayload: Codable, Sendable, Equatable {
    /// Set these canonical attributes (hub field name → value; `""` clears, only for fields configured to allow it).
    case attributes([String: String])
    /// Set the consent state of one key (`.optedIn` or `.optedOut`).
    case consent(ConsentKey, ConsentRecord)
    /// Suppress the channel for the record's address.
    case suppression(Suppression)
    /// Record an event that happened in another vendor.
    case event(SendEvent)

    /// A short label for logs and metrics: `attributes`, `consent`, `suppression` or `event`.
    public var kind: String {
        switch self {
        case .attributes: "attributes"
        case .consent: "consent"
        case .suppression: "suppression"
        case .event: "event"
        }
    }
}

/// One outbox item: a payload for one vendor record, with the idempotency key that makes a retry safe.
///
/// - Important: `idempotencyKey` is stable across retries and restarts; connectors pass it to the vendor where the
///   vendor accepts one and put it in event properties, so a repeated push never has a second effect.
public struct Mutation: Codable, Sendable, Equatable {
    /// Stable key: the same planned write always carries the same key.
    public var idempotencyKey: String
    public var vendor: VendorName
    /// The vendor record key, or `nil` when the record does not exist there yet (the connector creates it).
    public var recordKey: String?
    /// The person's current email (as held in the hub), used to address or create the record.
    public var email: String?
    /// Other addresses the hub knows for the person (earlier or secondary ones, normalised): a connector looking for
    /// an existing record to create tries them after `email`.
    public var otherEmails: [String]
    /// The hub's stable person id, for connectors that must mint a vendor key for a new record.
    public var personRef: String
    public var payload: MutationPayload

    /// A mutation.
    public init(
        idempotencyKey: String, vendor: VendorName, recordKey: String?, email: String?, otherEmails: [String] = [],
        personRef: String, payload: MutationPayload
    ) {
        self.idempotencyKey = idempotencyKey
        self.vendor = vendor
        self.recordKey = recordKey
        self.email = email
        self.otherEmails = otherEmails
        self.personRef = personRef
        self.payload = payload
    }
}

extension Mutation {
    private enum CodingKeys: String, CodingKey { case idempotencyKey, vendor, recordKey, email, otherEmails, personRef, payload }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            idempotencyKey: try container.decode(String.self, forKey: .idempotencyKey),
            vendor: try container.decode(VendorName.self, forKey: .vendor),
            recordKey: try container.decodeIfPresent(String.self, forKey: .recordKey),
            email: try container.decodeIfPresent(String.self, forKey: .email),
            otherEmails: try container.decodeIfPresent([String].self, forKey: .otherEmails) ?? [],
            personRef: try container.decode(String.self, forKey: .personRef),
            payload: try container.decode(MutationPayload.self, forKey: .payload)
        )
    }
}

/// The result of pushing one mutation.
public enum PushOutcome: Codable, Sendable, Equatable {
    /// The vendor applied it. `recordKey` is the vendor key of the record written (new when it was created).
    case applied(recordKey: String?)
    /// A transient failure: try again no earlier than `afterMs` milliseconds from now, if given.
    case retry(reason: String, afterMs: Int64?)
    /// The vendor refused it for good: dead-letter it with this reason.
    case rejected(reason: String)
    /// Nothing was written: the record to create already exists at the vendor (found by email) under `recordKey`.
    /// `current` is that record as the vendor holds it; the engine applies it like a pulled change and plans again,
    /// so a record VendorSync had not seen yet is never overwritten unread.
    case exists(recordKey: String, current: RemoteChange)
}

extension PushOutcome: CustomStringConvertible {
    /// A short form for logs: the outcome, the record key and the reason, never the record's contents.
    public var description: String {
        switch self {
        case let .applied(recordKey): "applied(\(recordKey ?? "-"))"
        case let .retry(reason, afterMs): "retry(\(reason)\(afterMs.map { ", after \($0) ms" } ?? ""))"
        case let .rejected(reason): "rejected(\(reason))"
        case let .exists(recordKey, _): "exists(\(recordKey))"
        }
    }
}
