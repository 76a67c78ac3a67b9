/// One attribute of the hub record: the winning value, when it was set (vendor time, UTC ms) and by which vendor.
public struct AttributeRecord: Codable, Sendable, Equatable {
    public var value: String
    public var at: UTCMillis
    public var source: VendorName

    /// A provenance-carrying value.
    public init(value: String, at: UTCMillis, source: VendorName) {
        self.value = value
        self.at = at
        self.source = source
    }
}

/// The hub's agreed state of one person: attributes with provenance, the consent ledger's current entries and the
/// suppressions. Identities (vendor keys) are kept by the store.
public struct PersonState: Codable, Sendable, Equatable {
    public var attributes: [String: AttributeRecord]
    public var consent: [ConsentKey: ConsentRecord]
    /// At most one suppression per (channel, reason).
    public var suppressions: [Suppression]

    /// An empty person.
    public init(
        attributes: [String: AttributeRecord] = [:], consent: [ConsentKey: ConsentRecord] = [:],
        suppressions: [Suppression] = []
    ) {
        self.attributes = attributes
        self.consent = consent
        self.suppressions = suppressions
    }

    /// The state that applies to `key`: a channel-wide opt-out overrides every topic of that channel.
    public func effectiveConsent(_ key: ConsentKey) -> ConsentState {
        let wide = consent[ConsentKey(channel: key.channel)]
        if key.topic != ConsentKey.channelWide, wide?.state == .optedOut { return .optedOut }
        return consent[key]?.state ?? .unknown
    }

    /// True when the channel is suppressed (hard bounce or spam complaint).
    public func isSuppressed(_ channel: Channel) -> Bool { suppressions.contains { $0.channel == channel } }
}

/// The last state VendorSync saw from, or wrote to, one vendor record: the basis of echo suppression.
///
/// A pulled value equal to the mirror is our own write coming back (or nothing new) and produces no diff and no push.
public struct MirrorState: Codable, Sendable, Equatable {
    /// Canonical field → value (`""` when the vendor holds none).
    public var attributes: [String: String]
    public var consent: [ConsentKey: ConsentState]
    /// The vendor's own time of each consent state, where the vendor told it (UTC ms).
    public var consentAt: [ConsentKey: UTCMillis]
    /// Suppressions known to be in place at the vendor, as `channel/reason`.
    public var suppressions: Set<String>
    /// When the mirror was last refreshed by a read or a write (UTC ms).
    public var seenAt: UTCMillis

    /// An empty mirror.
    public init(
        attributes: [String: String] = [:], consent: [ConsentKey: ConsentState] = [:],
        consentAt: [ConsentKey: UTCMillis] = [:], suppressions: Set<String> = [], seenAt: UTCMillis = 0
    ) {
        self.attributes = attributes
        self.consent = consent
        self.consentAt = consentAt
        self.suppressions = suppressions
        self.seenAt = seenAt
    }

    private enum CodingKeys: String, CodingKey { case attributes, consent, consentAt, suppressions, seenAt }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attributes = try container.decode([String: String].self, forKey: .attributes)
        consent = try container.decode([ConsentKey: ConsentState].self, forKey: .consent)
        consentAt = try container.decodeIfPresent([ConsentKey: UTCMillis].self, forKey: .consentAt) ?? [:]
        suppressions = try container.decode(Set<String>.self, forKey: .suppressions)
        seenAt = try container.decode(UTCMillis.self, forKey: .seenAt)
    }

    /// True when `other` holds the same values (its `seenAt` aside).
    public func sameContent(as other: MirrorState?) -> Bool {
        guard let other else { return false }
        return attributes == other.attributes && consent == other.consent && suppressions == other.suppressions
    }

    /// The mirror key of a suppression.
    public static func suppressionKey(_ channel: Channel, _ reason: SuppressionReason) -> String {
        "\(channel.rawValue)/\(reason.rawValue)"
    }
}

/// One entry of the diff trail: what changed in the hub, from what to what, from which vendor, and why.
public struct Diff: Codable, Sendable, Equatable {
    /// `attribute:<field>`, `consent:<channel>/<topic>` or `suppression:<channel>/<reason>`.
    public var subject: String
    public var old: String?
    public var new: String?
    public var source: VendorName
    /// The vendor time of the winning value (UTC ms); the pull time for an attribute value the vendor gave no time
    /// for (its reason ends with `Reconciler.undatedReason`; the hub ranks such a value as oldest).
    public var at: UTCMillis
    /// The rule that decided: `first value`, `newer`, `owner`, `tie-break`, `opt-out`, `explicit opt-in`,
    /// `explicit opt-in newer than opt-out`, `suppression`, `merge`.
    public var reason: String

    /// A diff entry.
    public init(subject: String, old: String?, new: String?, source: VendorName, at: UTCMillis, reason: String) {
        self.subject = subject
        self.old = old
        self.new = new
        self.source = source
        self.at = at
        self.reason = reason
    }
}

/// How conflicts are decided beyond the defaults (last writer wins; opt-out wins unless a newer explicit opt-in).
public struct ReconcilePolicy: Codable, Sendable, Equatable {
    /// Field → the vendor whose value always wins for it ("HubSpot owns lifecycle stage").
    public var fieldOwners: [String: VendorName]
    /// Fields for which an empty vendor value erases a known value; for others it is ignored.
    public var clearableFields: Set<String>

    /// A policy; both default to empty.
    public init(fieldOwners: [String: VendorName] = [:], clearableFields: Set<String> = []) {
        self.fieldOwners = fieldOwners
        self.clearableFields = clearableFields
    }
}
