/// What a connector can write to its vendor, declared by the connector and used to plan the outbox.
public struct PushCapabilities: Codable, Sendable, Equatable {
    /// Canonical fields the vendor can store.
    public var fields: Set<String>
    /// Consent keys the vendor can represent.
    public var consentKeys: Set<ConsentKey>
    /// The vendor can record suppressions (hard bounce, spam complaint).
    public var suppressions: Bool
    /// The connector can create a record that does not exist at the vendor yet.
    public var canCreate: Bool
    /// The vendor has no explicit opt-in state (SFMC: `Active`): an opt-in is written as its neutral state and reads
    /// back as `.unknown`, which then satisfies a hub opt-in.
    public var optInReadsAsNeutral: Bool

    /// Capabilities; all default to nothing.
    public init(
        fields: Set<String> = [], consentKeys: Set<ConsentKey> = [], suppressions: Bool = false, canCreate: Bool = false,
        optInReadsAsNeutral: Bool = false
    ) {
        self.fields = fields
        self.consentKeys = consentKeys
        self.suppressions = suppressions
        self.canCreate = canCreate
        self.optInReadsAsNeutral = optInReadsAsNeutral
    }
}

/// Plans the mutations that bring one vendor record in line with the hub.
public enum PushPlanner {
    /// The mutations for one vendor record, comparing the hub `person` to the vendor's `mirror`.
    ///
    /// Nothing is planned for a value the mirror already holds (no ping-pong), for `.unknown` consent, or for a
    /// record that does not exist at the vendor when the connector cannot create one.
    /// - Parameters:
    ///   - recordKey: the vendor key, or `nil` to create the record.
    ///   - personRef: the hub's stable person id.
    ///   - revision: the person's hub revision; part of the idempotency key, so a value planned again after a later
    ///     change is a new write.
    ///   - otherEmails: the person's other known addresses, for a connector looking for a record to create.
    public static func plan(
        person: PersonState, personRef: String, revision: Int64, vendor: VendorName, recordKey: String?,
        mirror: MirrorState?, capabilities: PushCapabilities, otherEmails: [String] = []
    ) -> [Mutation] {
        guard recordKey != nil || capabilities.canCreate else { return [] }
        let email = person.attributes["email"]?.value
        var mutations: [Mutation] = []
        func add(_ payload: MutationPayload, _ detail: String) {
            let key = IdempotencyKey.make(vendor.rawValue, recordKey ?? "new:\(personRef)", personRef, "\(revision)", detail)
            mutations.append(Mutation(
                idempotencyKey: key, vendor: vendor, recordKey: recordKey, email: email,
                otherEmails: recordKey == nil ? otherEmails : [], personRef: personRef,
                payload: payload
            ))
        }
        var fields: [String: String] = [:]
        for field in capabilities.fields.sorted() {
            guard let record = person.attributes[field], mirror?.attributes[field] != record.value else { continue }
            fields[field] = record.value
        }
        if !fields.isEmpty {
            add(.attributes(fields), "attributes:" + fields.keys.sorted().map { "\($0)=\(fields[$0] ?? "")" }.joined(separator: "&"))
        }
        for key in capabilities.consentKeys.sorted() {
            let state = person.effectiveConsent(key)
            guard state != .unknown, mirror?.consent[key] != state else { continue }
            if state == .optedIn, capabilities.optInReadsAsNeutral, mirror?.consent[key] == .unknown { continue }
            let source = person.consent[key] ?? person.consent[ConsentKey(channel: key.channel)]
            guard let source else { continue }
            var record = source
            record.state = state
            add(.consent(key, record), "consent:\(key)=\(state.rawValue)")
        }
        if capabilities.suppressions {
            for suppression in person.suppressions
            where !(mirror?.suppressions.contains(MirrorState.suppressionKey(suppression.channel, suppression.reason)) ?? false) {
                add(.suppression(suppression), "suppression:\(suppression.channel.rawValue)/\(suppression.reason.rawValue)")
            }
        }
        return mutations
    }
}

/// Deterministic idempotency keys: FNV-1a 64 over the parts, as 16 hex digits (not cryptographic; a stable id).
public enum IdempotencyKey {
    /// The key of `parts` joined with a separator that cannot occur in them unescaped.
    public static func make(_ parts: String...) -> String { hex(fnv1a(parts.joined(separator: "\u{1F}"))) }

    /// FNV-1a 64-bit hash of the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// `value` as 16 lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
