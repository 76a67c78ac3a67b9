/// One attribute value as a vendor holds it, with the vendor's modification time when known.
public struct AttributeValue: Codable, Sendable, Equatable {
    /// The value as text; `nil` or `""` means the vendor holds no value.
    public var value: String?
    /// When the vendor last modified it (UTC ms); `nil` when the vendor does not tell.
    public var at: UTCMillis?

    /// A value with its modification time.
    public init(_ value: String?, at: UTCMillis?) {
        self.value = value
        self.at = at
    }

    /// True when the vendor holds no value (`nil` or empty).
    public var isEmpty: Bool { value?.isEmpty ?? true }
}

/// What a connector pulled about one vendor record: the record's identity, canonical attributes, consent
/// observations, suppressions and send events.
///
/// Attribute names are the hub's canonical field names (`email`, `first_name`, `last_name`, `phone`, ...); the
/// connector's mapping table translates vendor properties to them.
public struct RemoteChange: Codable, Sendable, Equatable {
    public var vendor: VendorName
    /// The stream that produced it (e.g. `contacts`, `unsubscribes`).
    public var stream: String
    /// The vendor's key for the record (HubSpot contact id, Braze `external_id`, SFMC `SubscriberKey`);
    /// `nil` when the stream only knows an address (e.g. an unsubscribe list row).
    public var recordKey: String?
    /// Extra vendor identifiers kept for the record (e.g. Braze `braze_id`), by name.
    public var aliases: [String: String]
    /// The record's email as the vendor holds it (not normalised).
    public var email: String?
    /// Other addresses the vendor lists for the same record (e.g. HubSpot `hs_additional_emails`): they identify
    /// the same person, so a hub record holding one of them is this person.
    public var additionalEmails: [String]
    /// Canonical attributes by hub field name. `email` is also listed here when the stream carries it.
    public var attributes: [String: AttributeValue]
    public var consent: [ConsentObservation]
    public var suppressions: [Suppression]
    public var events: [SendEvent]
    /// The vendor deleted or archived the record.
    public var deleted: Bool
    /// Vendor keys that the vendor merged into this record (HubSpot `hs_merged_object_ids`).
    public var mergedKeys: [String]
    /// The vendor payload this change was mapped from (JSON or XML text), kept for dead letters and replay.
    public var raw: String?

    /// A change; every collection defaults to empty.
    public init(
        vendor: VendorName, stream: String, recordKey: String?, email: String? = nil, additionalEmails: [String] = [],
        aliases: [String: String] = [:], attributes: [String: AttributeValue] = [:],
        consent: [ConsentObservation] = [], suppressions: [Suppression] = [], events: [SendEvent] = [],
        deleted: Bool = false, mergedKeys: [String] = [], raw: String? = nil
    ) {
        self.vendor = vendor
        self.stream = stream
        self.recordKey = recordKey
        self.email = email
        self.additionalEmails = additionalEmails
        self.aliases = aliases
        self.attributes = attributes
        self.consent = consent
        self.suppressions = suppressions
        self.events = events
        self.deleted = deleted
        self.mergedKeys = mergedKeys
        self.raw = raw
    }
}

/// A vendor record a connector could not map, with the reason, bound for the dead-letter table.
public struct RejectedRecord: Codable, Sendable, Equatable {
    public var vendor: VendorName
    public var stream: String
    /// The vendor's key for the record, when it could be read.
    public var recordKey: String?
    /// Why it was rejected, naming the field (e.g. `lastmodifieddate: unparseable date "2023-13-45"`).
    public var reason: String
    /// The vendor payload as received.
    public var raw: String

    /// A rejected record.
    public init(vendor: VendorName, stream: String, recordKey: String?, reason: String, raw: String) {
        self.vendor = vendor
        self.stream = stream
        self.recordKey = recordKey
        self.reason = reason
        self.raw = raw
    }
}

/// One item of a pulled page: a mapped change, or a record that goes to dead letters.
public enum PulledItem: Codable, Sendable, Equatable {
    case change(RemoteChange)
    case rejected(RejectedRecord)
}
