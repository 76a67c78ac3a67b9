/// A channel a person can be contacted on.
public enum Channel: String, Codable, Sendable, CaseIterable, Comparable {
    case email, sms, push

    public static func < (lhs: Channel, rhs: Channel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The hub's consent state for one (person, channel, topic).
///
/// Vendor neutral defaults (Braze `subscribed`, HubSpot `NOT_SUBSCRIBED`/`NOT_SPECIFIED`, SFMC `Active`) map to
/// `.unknown`: they are neither an opt-in nor an opt-out.
public enum ConsentState: String, Codable, Sendable {
    /// An explicit opt-in (Braze `opted_in`, HubSpot `SUBSCRIBED`).
    case optedIn
    /// An opt-out; propagates everywhere and is only overturned by a strictly newer explicit opt-in.
    case optedOut
    /// No explicit choice known.
    case unknown
}

/// Identifies a consent ledger entry of a person: the channel and the hub topic.
///
/// The topic `ConsentKey.channelWide` (`"*"`) is the whole channel ("no marketing email at all");
/// other topics are hub names that connectors map to subscription types, groups or lists.
public struct ConsentKey: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// The topic that stands for the whole channel.
    public static let channelWide = "*"

    public var channel: Channel
    public var topic: String

    /// A key for `channel` and `topic` (`"*"` for the whole channel).
    public init(channel: Channel, topic: String = ConsentKey.channelWide) {
        self.channel = channel
        self.topic = topic
    }

    public var description: String { "\(channel.rawValue)/\(topic)" }

    public static func < (lhs: ConsentKey, rhs: ConsentKey) -> Bool {
        (lhs.channel, lhs.topic) < (rhs.channel, rhs.topic)
    }
}

/// What one vendor says about one consent key at one moment.
public struct ConsentObservation: Codable, Sendable, Equatable {
    public var key: ConsentKey
    public var state: ConsentState
    /// When the vendor recorded this state (UTC ms), when the vendor tells; `nil` when it does not.
    public var at: UTCMillis?
    /// Legal basis as the vendor gives it (e.g. HubSpot `CONSENT_WITH_NOTICE`), if any.
    public var legalBasis: String?
    /// The raw vendor value(s) this was mapped from, kept as evidence (e.g. `NOT_SUBSCRIBED/PORTAL_WIDE_STATUS`).
    public var evidence: String?

    /// An observation of `state` for `key`.
    public init(key: ConsentKey, state: ConsentState, at: UTCMillis?, legalBasis: String? = nil, evidence: String? = nil) {
        self.key = key
        self.state = state
        self.at = at
        self.legalBasis = legalBasis
        self.evidence = evidence
    }
}

/// One entry of the hub's consent ledger: the winning state for a (person, channel, topic) and why.
public struct ConsentRecord: Codable, Sendable, Equatable {
    public var state: ConsentState
    /// When the winning observation was made (UTC ms).
    public var at: UTCMillis
    public var source: VendorName
    public var legalBasis: String?
    public var evidence: String?

    /// A ledger entry.
    public init(state: ConsentState, at: UTCMillis, source: VendorName, legalBasis: String? = nil, evidence: String? = nil) {
        self.state = state
        self.at = at
        self.source = source
        self.legalBasis = legalBasis
        self.evidence = evidence
    }
}

/// Why an address is suppressed on a channel. Suppressions are deliverability facts, not consent.
public enum SuppressionReason: String, Codable, Sendable, CaseIterable {
    case hardBounce
    case spamComplaint
}

/// A channel suppression known for a person (hard bounce, spam complaint): applies in every vendor.
public struct Suppression: Codable, Sendable, Equatable {
    public var channel: Channel
    public var reason: SuppressionReason
    /// When the vendor recorded the bounce or complaint (UTC ms).
    public var at: UTCMillis
    public var source: VendorName

    /// A suppression of `channel` for `reason`.
    public init(channel: Channel, reason: SuppressionReason, at: UTCMillis, source: VendorName) {
        self.channel = channel
        self.reason = reason
        self.at = at
        self.source = source
    }
}
