import SyncCore

/// Maps a tracking event element (`SentEvent`, `OpenEvent`, `ClickEvent`, `BounceEvent`, `UnsubEvent`) onto a
/// `RemoteChange` carrying one `SendEvent`, keyed by `SubscriberKey`.
///
/// SFMC events have no stable id, so the event key is derived from
/// `(ObjectType, SendID, BatchID, SubscriberKey, EventDate as sent, URLID)` — what open-source taps use
/// (sfmc.md §6). `BounceEvent` is hard when `BounceCategory` says "hard" (or, without a category, the SMTP code is
/// 5xx), else soft. An empty `SubscriberKey` or an unreadable `EventDate` is `.rejected`, never skipped.
struct TrackingEventMapper: Sendable {
    static let objectTypes = ["SentEvent", "OpenEvent", "ClickEvent", "BounceEvent", "UnsubEvent"]

    let time: SystemTime
    private let stream = "events"

    /// Properties requested per object type (etframework.wsdl `TrackingEvent` and subtypes).
    static func properties(_ objectType: String) -> [String] {
        let base = ["SendID", "SubscriberKey", "EventDate", "EventType", "BatchID"]
        switch objectType {
        case "ClickEvent": return base + ["URLID", "URL"]
        case "BounceEvent": return base + ["SMTPCode", "BounceCategory", "SMTPReason", "BounceType"]
        case "UnsubEvent": return base + ["IsMasterUnsubscribed"]
        default: return base
        }
    }

    func map(_ node: SOAPNode, objectType: String? = nil) -> PulledItem {
        let raw = node.xml
        let type = objectType ?? node.xsiType ?? ""
        let key = node.value("SubscriberKey") ?? ""
        func reject(_ reason: String) -> PulledItem {
            .rejected(RejectedRecord(vendor: "sfmc", stream: stream, recordKey: key.isEmpty ? nil : key, reason: reason, raw: raw))
        }
        guard Self.objectTypes.contains(type) else { return reject("xsi:type: unknown event type \"\(type)\"") }
        guard !key.isEmpty else { return reject("SubscriberKey: empty, the \(type) cannot be linked to a subscriber") }
        let dateText = node.value("EventDate") ?? ""
        guard let at = try? time.parse(dateText, field: "EventDate") else {
            return reject("EventDate: unparseable timestamp \"\(dateText)\"")
        }
        let sendID = node.value("SendID") ?? ""
        let parts = [type, sendID, node.value("BatchID") ?? "", key, dateText, node.value("URLID") ?? ""]
        let event = SendEvent(vendor: "sfmc", eventKey: parts.joined(separator: "|"), type: eventType(type, node), at: at,
                              campaign: sendID.isEmpty ? nil : sendID, vendorType: type)
        return .change(RemoteChange(vendor: "sfmc", stream: stream, recordKey: key, events: [event], raw: raw))
    }

    private func eventType(_ type: String, _ node: SOAPNode) -> SendEventType {
        switch type {
        case "SentEvent": return .sent
        case "OpenEvent": return .open
        case "ClickEvent": return .click
        case "UnsubEvent": return .unsubscribe
        default:
            let category = (node.value("BounceCategory") ?? "").lowercased()
            if category.contains("hard") { return .hardBounce }
            if category.isEmpty, (node.value("SMTPCode") ?? "").hasPrefix("5") { return .hardBounce }
            return .softBounce
        }
    }
}
