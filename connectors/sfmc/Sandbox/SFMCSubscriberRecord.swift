/// One emulated `Subscriber` (etframework.wsdl `Subscriber`), keyed by `SubscriberKey`.
struct SFMCSubscriberRecord: SFMCFilterable, Equatable {
    /// The numeric `ID` SFMC assigns.
    var id: Int
    var subscriberKey: String
    var emailAddress: String
    /// `Active`, `Unsubscribed`, `Held`, `Bounced` or `Deleted` (WSDL `SubscriberStatus`).
    var status: String
    var createdMs: Int64
    var modifiedMs: Int64
    var unsubscribedMs: Int64?
    /// Profile attributes by display name (`First Name`, ...).
    var attributes: [String: String] = [:]

    static let statuses: Set<String> = ["Active", "Unsubscribed", "Held", "Bounced", "Deleted"]

    /// The value of a retrievable property as SFMC prints it, or `nil` when not set.
    func property(_ name: String) -> String? {
        switch name {
        case "ID": String(id)
        case "SubscriberKey": subscriberKey
        case "EmailAddress": emailAddress
        case "Status": status
        case "CreatedDate": SFMCSystemTime.format(createdMs)
        case "ModifiedDate": SFMCSystemTime.format(modifiedMs)
        case "UnsubscribedDate": unsubscribedMs.map(SFMCSystemTime.format)
        case "EmailTypePreference": "HTML"
        default: nil
        }
    }

    func dateMs(_ name: String) -> Int64? {
        switch name {
        case "CreatedDate": createdMs
        case "ModifiedDate": modifiedMs
        case "UnsubscribedDate": unsubscribedMs
        default: nil
        }
    }

    /// Retrievable `Subscriber` properties, in WSDL order (APIObject fields first).
    static let properties = [
        "CreatedDate", "ModifiedDate", "ID", "EmailAddress", "Attributes", "SubscriberKey", "UnsubscribedDate", "Status",
        "EmailTypePreference",
    ]
}

/// One `ListSubscriber` row (etframework.wsdl `ListSubscriber`): a subscriber's status on one list.
struct SFMCListMembership: SFMCFilterable, Equatable {
    var listID: Int
    var subscriberKey: String
    var status: String
    var createdMs: Int64
    var modifiedMs: Int64

    func property(_ name: String) -> String? {
        switch name {
        case "ListID": String(listID)
        case "SubscriberKey": subscriberKey
        case "Status": status
        case "CreatedDate": SFMCSystemTime.format(createdMs)
        case "ModifiedDate": SFMCSystemTime.format(modifiedMs)
        default: nil
        }
    }

    func dateMs(_ name: String) -> Int64? {
        switch name {
        case "CreatedDate": createdMs
        case "ModifiedDate": modifiedMs
        default: nil
        }
    }

    static let properties = ["CreatedDate", "ModifiedDate", "Status", "ListID", "SubscriberKey"]
}
