import SandboxKit

/// A validated `/users/track` attributes object: what to change on the profile it addresses.
///
/// Source: braze.md §4 (user attributes object): `null` removes an attribute; `email_subscribe` /
/// `push_subscribe` ∈ opted_in|subscribed|unsubscribed; `gender` M/F/O/N/P; `dob` YYYY-MM-DD; custom attributes
/// accept `{"inc": n}`, `{"add": [..]}`, `{"remove": [..]}`.
struct BrazeAttributeUpdate: Sendable {
    var email: String??
    var phone: String??
    var standard: [String: String?] = [:]
    var emailSubscribe: String?
    var pushSubscribe: String?
    var groups: [(id: String, state: String)] = []
    var custom: [String: JSONValue] = [:]

    init(_ object: [String: JSONValue]) throws(BrazeItemProblem) {
        for (key, value) in object
        where !BrazeSandboxData.identifierKeys.contains(key) && key != "_update_existing_only" {
            try read(key, value)
        }
        if let raw = object["email"],
            object["external_id"] != nil || object["braze_id"] != nil || object["user_alias"] != nil
        {
            try read("email", raw, settable: true)
        }
        if let raw = object["phone"],
            object["external_id"] != nil || object["braze_id"] != nil || object["user_alias"] != nil
        {
            try read("phone", raw, settable: true)
        }
    }

    private mutating func read(_ key: String, _ value: JSONValue, settable: Bool = false) throws(BrazeItemProblem) {
        switch key {
        case "email":
            guard settable else { return }
            if value.isNull { email = .some(nil); return }
            guard let text = value.stringValue, BrazeAPI.isPlausibleEmail(text) else {
                throw BrazeItemProblem(type: "Invalid email address")
            }
            email = .some(text)
        case "phone":
            guard settable else { return }
            phone = .some(value.stringValue)
        case "email_subscribe", "push_subscribe":
            guard let state = value.stringValue, BrazeAPI.emailStates.contains(state) else {
                throw BrazeItemProblem(type: "'\(key)' must be one of 'opted_in', 'subscribed' or 'unsubscribed'")
            }
            if key == "email_subscribe" { emailSubscribe = state } else { pushSubscribe = state }
        case "subscription_groups":
            for entry in value.arrayValue ?? [] {
                guard let id = entry["subscription_group_id"]?.stringValue,
                    let state = entry["subscription_state"]?.stringValue,
                    state == "subscribed" || state == "unsubscribed"
                else {
                    throw BrazeItemProblem(type: "Invalid subscription_groups entry")
                }
                groups.append((id, state))
            }
        case "gender":
            if value.isNull { standard[key] = .some(nil); return }
            guard let text = value.stringValue?.uppercased(), ["M", "F", "O", "N", "P"].contains(text) else {
                throw BrazeItemProblem(type: "'gender' must be one of M, F, O, N, P")
            }
            standard[key] = text
        case "dob":
            if value.isNull { standard[key] = .some(nil); return }
            guard let text = value.stringValue, text.count == 10, BrazeFormats.queryDate(text) != nil else {
                throw BrazeItemProblem(type: "'dob' must be a date in YYYY-MM-DD format")
            }
            standard[key] = text
        case "country":
            let text = value.stringValue.map { $0.uppercased() }
            standard[key] = .some(text?.count == 2 ? text : nil)
        case _ where BrazeProfile.standardFields.contains(key):
            if value.isNull { standard[key] = .some(nil); return }
            guard let text = value.stringValue else { throw BrazeItemProblem(type: "'\(key)' must be a string") }
            standard[key] = text
        default:
            custom[key] = value
        }
    }

    /// Applies the update to `brazeId` at `nowMs`.
    func apply(to data: inout BrazeSandboxData, brazeId: String, nowMs: Int64) {
        guard var profile = data.store.profile(brazeId: brazeId) else { return }
        if let email { profile.email = email }
        if let phone { profile.phone = phone }
        for (key, value) in standard { profile.standard[key] = value }
        if let pushSubscribe { profile.pushSubscribe = pushSubscribe }
        for group in groups { profile.subscriptionGroups[group.id] = group.state }
        for (key, value) in custom { profile.customAttributes[key] = Self.merge(profile.customAttributes[key], value) }
        profile.updatedAtMs = max(profile.updatedAtMs, nowMs)
        data.store.put(profile)
        if email != nil { data.applyPendingEmailState(to: brazeId) }
        if let emailSubscribe { data.setEmailSubscribe(emailSubscribe, on: brazeId, nowMs: nowMs) }
    }

    private static func merge(_ current: JSONValue?, _ change: JSONValue) -> JSONValue? {
        if change.isNull { return nil }
        guard case .object(let operation) = change, operation.count == 1 else { return change }
        if let amount = operation["inc"]?.doubleValue {
            if let step = operation["inc"]?.intValue, current == nil || current?.intValue != nil {
                return .int((current?.intValue ?? 0) + step)
            }
            return .double((current?.doubleValue ?? 0) + amount)
        }
        var list = current?.arrayValue ?? []
        if let added = operation["add"]?.arrayValue {
            for item in added where !list.contains(item) { list.append(item) }
            return .array(list)
        }
        if let removed = operation["remove"]?.arrayValue {
            return .array(list.filter { !removed.contains($0) })
        }
        return change
    }
}
