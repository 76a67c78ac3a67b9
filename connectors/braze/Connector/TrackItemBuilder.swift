import SyncCore

/// Turns one mutation into its `/users/track` object, or the reason it cannot be sent.
///
/// - `.attributes`: mapped fields by their Braze names; an empty value becomes `null` only for a field configured
///   clearable, otherwise it is left out. A field without a mapping is refused.
/// - `.consent` for `(email, "*")` / `(push, "*")`: `email_subscribe` / `push_subscribe` = `opted_in` or
///   `unsubscribed` (`subscribed`, Braze's neutral default, is never written).
/// - `.event`: a custom event named `vendorsync_<type>` at the event's time, with the stable property
///   `vendorsync_event_id` (the mutation's idempotency key): Braze does not deduplicate events, so a consumer can.
/// A record being created also gets its `email`. Source: Braze docs user attributes object, event object.
struct TrackItemBuilder: Sendable {
    let configuration: BrazeConnector.Configuration

    enum Result {
        case item(TrackItem)
        case rejected(String)
    }

    func build(_ mutation: Mutation, index: Int, externalID: String, creating: Bool) -> Result {
        var object: [String: BrazeJSON] = ["external_id": .string(externalID)]
        if creating, let email = mutation.email, !email.isEmpty { object["email"] = .string(email) }
        switch mutation.payload {
        case .attributes(let fields):
            var skipped: [String] = []
            for (canonical, value) in fields.sorted(by: { $0.key < $1.key }) {
                guard let brazeField = configuration.fieldMapping[canonical] else {
                    return .rejected("field \(canonical): not mapped for braze")
                }
                let name = BrazeFieldMapping.trackName(brazeField)
                if !value.isEmpty {
                    object[name] = .string(value)
                } else if configuration.clearableFields.contains(canonical) {
                    object[name] = .null
                } else {
                    skipped.append(canonical)
                }
            }
            if object.keys.allSatisfy({ $0 == "external_id" }) {
                return .rejected(
                    "field \(skipped.joined(separator: ",")): empty value not sent (not configured clearable)")
            }
            return .item(TrackItem(array: .attributes, object: object, mutation: index))
        case .consent(let key, let record):
            guard key.topic == ConsentKey.channelWide, key.channel == .email || key.channel == .push else {
                return .rejected("consent \(key): not supported by braze connector")
            }
            guard let state = SubscribeState(hub: record.state) else {
                return .rejected("consent \(key): state unknown is not pushed")
            }
            object["\(key.channel.rawValue)_subscribe"] = .string(state.rawValue)
            return .item(TrackItem(array: .attributes, object: object, mutation: index))
        case .event(let event):
            var properties: [String: BrazeJSON] = [
                "vendorsync_event_id": .string(mutation.idempotencyKey),
                "source_vendor": .string(event.vendor.rawValue),
                "source_event_key": .string(event.eventKey),
            ]
            if let campaign = event.campaign { properties["campaign"] = .string(campaign) }
            if let vendorType = event.vendorType { properties["vendor_type"] = .string(vendorType) }
            let eventObject: [String: BrazeJSON] = [
                "external_id": .string(externalID), "name": .string("vendorsync_\(event.type.rawValue)"),
                "time": .string(VendorTimeBridge.iso(event.at)), "properties": .object(properties),
            ]
            return .item(TrackItem(array: .events, object: eventObject, mutation: index))
        case .suppression:
            return .rejected("not supported by braze connector")
        }
    }
}
