/// One emulated tracking event (`SentEvent`, `OpenEvent`, `ClickEvent`, `BounceEvent`, `UnsubEvent`), WSDL
/// `TrackingEvent` and subtypes. There is no event id: SFMC leaves `ObjectID` empty.
struct SFMCTrackingEvent: SFMCFilterable, Equatable {
    /// The `xsi:type` / Retrieve `ObjectType`, e.g. `SentEvent`.
    var objectType: String
    var sendID: Int
    var batchID: Int
    var subscriberKey: String
    var eventDateMs: Int64
    /// Subtype fields (`URLID`, `URL`, `BounceCategory`, `SMTPCode`, `SMTPReason`, `BounceType`,
    /// `IsMasterUnsubscribed`) as printed.
    var extra: [String: String] = [:]

    static let objectTypes = ["SentEvent", "OpenEvent", "ClickEvent", "BounceEvent", "UnsubEvent"]

    /// WSDL `EventType` of the object type.
    var eventType: String {
        switch objectType {
        case "SentEvent": "Sent"
        case "OpenEvent": "Open"
        case "ClickEvent": "Click"
        case "BounceEvent": extra["BounceCategory"] == "Hard bounce" ? "HardBounce" : "SoftBounce"
        case "UnsubEvent": "Unsubscribe"
        default: "Sent"
        }
    }

    func property(_ name: String) -> String? {
        switch name {
        case "SendID": String(sendID)
        case "BatchID": String(batchID)
        case "SubscriberKey": subscriberKey
        case "EventDate": SFMCSystemTime.format(eventDateMs)
        case "EventType": eventType
        default: extra[name]
        }
    }

    func dateMs(_ name: String) -> Int64? {
        name == "EventDate" ? eventDateMs : property(name).flatMap(SFMCSystemTime.parse)
    }

    /// Retrievable properties per object type, in WSDL order.
    static func properties(_ objectType: String) -> [String] {
        let base = ["SendID", "SubscriberKey", "EventDate", "EventType", "TriggeredSendDefinitionObjectID", "BatchID"]
        switch objectType {
        case "ClickEvent": return base + ["URLID", "URL"]
        case "BounceEvent": return base + ["SMTPCode", "BounceCategory", "SMTPReason", "BounceType"]
        case "UnsubEvent": return base + ["IsMasterUnsubscribed"]
        default: return base
        }
    }
}
