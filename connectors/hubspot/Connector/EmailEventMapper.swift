import SyncCore

/// Maps one marketing email event (Email Events API v1) onto a `RemoteChange` carrying a `SendEvent`.
///
/// Event key `"<created>:<id>"` (HubSpot identifies an event by `id` + `created`). Types: `SENT`, `DELIVERED`,
/// `OPEN`, `CLICK`, `DROPPED`, `DEFERRED` map 1:1; `BOUNCE` is a hard bounce for categories `HARD_BOUNCE` and
/// `UNKNOWN_USER`, else soft; `SPAMREPORT` → `spamComplaint`; `STATUSCHANGE` with an unsubscribe → `unsubscribe`;
/// anything else → `other`. Source: hubspot.md §8 (legacy email-analytics v1 guide).
struct EmailEventMapper: Sendable {
    let vendor: VendorName

    func map(_ object: [String: Any], stream: String) -> PulledItem {
        let raw = HubSpotJSON.text(parsed: object)
        let id = HubSpotJSON.string(object["id"])
        func reject(_ reason: String) -> PulledItem {
            .rejected(RejectedRecord(vendor: vendor, stream: stream, recordKey: nil, reason: reason, raw: raw))
        }
        guard let id, !id.isEmpty else { return reject("id: missing") }
        guard let createdText = HubSpotJSON.string(object["created"]), let created = Int64(createdText) else {
            return reject("created: missing or not epoch milliseconds")
        }
        guard let recipient = HubSpotJSON.string(object["recipient"]), EmailAddress.isValid(recipient) else {
            return reject("recipient: missing or not a valid address")
        }
        let vendorType = HubSpotJSON.string(object["type"]) ?? "UNKNOWN"
        let event = SendEvent(
            vendor: vendor, eventKey: "\(created):\(id)", type: type(vendorType, object), at: created, email: recipient,
            campaign: HubSpotJSON.string(object["emailCampaignId"]), vendorType: vendorType
        )
        return .change(
            RemoteChange(vendor: vendor, stream: stream, recordKey: nil, email: recipient, events: [event], raw: raw))
    }

    private func type(_ vendorType: String, _ object: [String: Any]) -> SendEventType {
        switch vendorType {
        case "SENT": return .sent
        case "DELIVERED": return .delivered
        case "OPEN": return .open
        case "CLICK": return .click
        case "DROPPED": return .dropped
        case "DEFERRED": return .deferred
        case "SPAMREPORT": return .spamComplaint
        case "BOUNCE":
            let category = HubSpotJSON.string(object["category"]) ?? ""
            return ["HARD_BOUNCE", "UNKNOWN_USER"].contains(category) ? .hardBounce : .softBounce
        case "STATUSCHANGE":
            let subscriptions = object["subscriptions"] as? [Any] ?? []
            let unsubscribed = subscriptions.contains {
                ($0 as? [String: Any]).flatMap { HubSpotJSON.string($0["status"]) } == "UNSUBSCRIBED"
            }
            let portal = HubSpotJSON.string(object["portalSubscriptionStatus"]) == "UNSUBSCRIBED"
            return unsubscribed || portal ? .unsubscribe : .other
        default:
            return .other
        }
    }
}
