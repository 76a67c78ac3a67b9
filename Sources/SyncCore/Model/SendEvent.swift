/// The kind of a message event, in the hub's vocabulary.
public enum SendEventType: String, Codable, Sendable, CaseIterable {
    case sent, delivered, open, click, softBounce, hardBounce, unsubscribe, spamComplaint, dropped, deferred, other
}

/// A message event (sent, delivered, open, click, bounce, unsubscribe, spam complaint) as one vendor recorded it.
///
/// Stored once per (`vendor`, `eventKey`): `eventKey` is the vendor's event id, or a deterministic key derived
/// from the event's fields when the vendor has none.
public struct SendEvent: Codable, Sendable, Equatable {
    public var vendor: VendorName
    /// The vendor's event id or a derived deterministic key; unique per vendor.
    public var eventKey: String
    public var type: SendEventType
    /// When the event happened (UTC ms).
    public var at: UTCMillis
    /// The recipient address as the vendor gave it.
    public var email: String?
    /// The vendor's campaign or message id, if any.
    public var campaign: String?
    /// The vendor's own event type name (e.g. `BOUNCE`, `SPAMREPORT`), kept for display.
    public var vendorType: String?

    /// An event.
    public init(
        vendor: VendorName, eventKey: String, type: SendEventType, at: UTCMillis,
        email: String? = nil, campaign: String? = nil, vendorType: String? = nil
    ) {
        self.vendor = vendor
        self.eventKey = eventKey
        self.type = type
        self.at = at
        self.email = email
        self.campaign = campaign
        self.vendorType = vendorType
    }

    /// The suppression this event implies: a hard bounce or a spam complaint suppresses email.
    public var impliedSuppression: SuppressionReason? {
        switch type {
        case .hardBounce: .hardBounce
        case .spamComplaint: .spamComplaint
        default: nil
        }
    }
}
