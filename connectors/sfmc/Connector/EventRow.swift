import SyncCore

/// A Data Extension row for an event from another vendor, as the REST rowset endpoint takes it:
/// `{"keys": {"EventId": "<vendor>:<eventKey>"}, "values": {...}}`. `EventId` is stable, so a resent row upserts
/// the same row. Columns: `EventId` (primary key), `Vendor`, `EventType`, `EventDate` (ISO-8601 UTC),
/// `SubscriberKey`, `EmailAddress`, `Campaign`, `VendorEventType`.
enum EventRow {
    static func make(_ event: SendEvent, subscriberKey: String?, email: String?) -> [String: [String: String]] {
        var values: [String: String] = [
            "Vendor": event.vendor.rawValue, "EventType": event.type.rawValue, "EventDate": VendorTime.iso8601(event.at),
        ]
        values["SubscriberKey"] = subscriberKey
        values["EmailAddress"] = event.email ?? email
        values["Campaign"] = event.campaign
        values["VendorEventType"] = event.vendorType
        return ["keys": ["EventId": "\(event.vendor.rawValue):\(event.eventKey)"], "values": values]
    }
}
