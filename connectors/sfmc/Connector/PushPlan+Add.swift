import SyncCore

extension PushPlan {
    /// Plans one mutation for the subscriber `subscriberKey` (`nil` only for events without a known subscriber).
    ///
    /// Attributes map back through the field table (`email` → `EmailAddress`); consent `email/*` sets `Status`
    /// (`Unsubscribed` / `Active`), a list topic sets that list's `Lists{ID,Status}` only; a suppression sets
    /// `Status=Held`; an event becomes a Data Extension row keyed by `EventId` = `<vendor>:<eventKey>`.
    mutating func add(index: Int, mutation: Mutation, subscriberKey: String?, isNew: Bool,
                      configuration: SFMCConnector.Configuration) {
        func reject(_ reason: String) { outcomes[index] = .rejected(reason: reason) }
        if case let .event(event) = mutation.payload {
            guard configuration.eventsDataExtensionKey?.isEmpty == false else {
                return reject("no events Data Extension configured (eventsDataExtensionKey)")
            }
            rows.append((index, EventRow.make(event, subscriberKey: subscriberKey, email: mutation.email)))
            return
        }
        guard let subscriberKey else { return reject("no SubscriberKey") }
        var object = SubscriberObject(subscriberKey: subscriberKey, emailAddress: isNew ? mutation.email : nil)
        switch mutation.payload {
        case let .attributes(fields):
            let reverse = Dictionary(configuration.fieldMapping.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
                if field == "email" {
                    guard EmailAddress.isValid(value) else { return reject("email: not a valid address") }
                    object.emailAddress = value
                } else if let name = reverse[field] {
                    object.attributes.append((name, value))
                } else {
                    return reject("field \(field) is not mapped to an SFMC attribute")
                }
            }
        case let .consent(key, record):
            guard key.channel == .email else { return reject("consent channel \(key.channel.rawValue) is not supported") }
            let status: String
            switch record.state {
            case .optedOut: status = "Unsubscribed"
            case .optedIn: status = "Active"
            case .unknown: return reject("consent state unknown cannot be written")
            }
            if key.topic == ConsentKey.channelWide {
                object.status = status
                if record.state == .optedOut, configuration.logUnsubEvent { unsubscribeLogs.append((index, subscriberKey)) }
            } else if let list = configuration.lists.first(where: { $0.topic == key.topic }) {
                object.lists = [(list.id, status)]
            } else {
                return reject("consent topic \(key.topic) is not a managed list")
            }
        case let .suppression(suppression):
            guard suppression.channel == .email else { return reject("suppression channel \(suppression.channel.rawValue) is not supported") }
            object.status = "Held"
        case .event:
            return
        }
        objects.append((index, object))
    }
}
