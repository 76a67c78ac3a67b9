import SandboxKit

/// One Braze user profile as the emulator stores it.
///
/// Source: braze.md §3 and the user attributes object; `email_subscribe` / `push_subscribe` default to `subscribed`.
struct BrazeProfile: Sendable {
    var brazeId: String
    var externalId: String?
    var aliases: [BrazeAlias] = []
    var email: String?
    var phone: String?
    /// Standard text attributes: first_name, last_name, country, language, dob, gender, home_city, time_zone.
    var standard: [String: String] = [:]
    var emailSubscribe = "subscribed"
    var pushSubscribe = "subscribed"
    var emailUnsubscribedAtMs: Int64?
    var emailOptedInAtMs: Int64?
    /// Subscription group id → `subscribed` / `unsubscribed`.
    var subscriptionGroups: [String: String] = [:]
    var customAttributes: [String: JSONValue] = [:]
    var createdAtMs: Int64
    /// Last change of any kind (drives "most recently updated" resolution).
    var updatedAtMs: Int64

    static let standardFields = [
        "first_name", "last_name", "country", "language", "dob", "gender", "home_city", "time_zone",
    ]

    var emailKey: String? { email?.lowercased() }

    /// The `/users/export/ids` user object, restricted to `fields` when given; `custom_events` / `purchases`
    /// aggregate `events`.
    func exportJSON(fields: Set<String>?, events: [JSONValue], purchases: [JSONValue]) -> JSONValue {
        var object: [String: JSONValue] = [
            "created_at": .string(BrazeFormats.exportCreatedAt(createdAtMs)), "braze_id": .string(brazeId),
            "user_aliases": .array(aliases.map(\.json)), "email_subscribe": .string(emailSubscribe),
            "push_subscribe": .string(pushSubscribe), "custom_attributes": .object(customAttributes),
        ]
        if let externalId { object["external_id"] = .string(externalId) }
        if let email { object["email"] = .string(email) }
        if let phone { object["phone"] = .string(phone) }
        for (name, value) in standard { object[name] = .string(value) }
        if let at = emailUnsubscribedAtMs {
            object["email_unsubscribed_at"] = .string(SandboxTimestamp.iso8601(milliseconds: at))
        }
        if let at = emailOptedInAtMs {
            object["email_opted_in_at"] = .string(SandboxTimestamp.iso8601(milliseconds: at))
        }
        if !events.isEmpty { object["custom_events"] = Self.aggregate(events, key: "name") }
        if !purchases.isEmpty { object["purchases"] = Self.aggregate(purchases, key: "product_id") }
        guard let fields else { return .object(object) }
        return .object(object.filter { fields.contains($0.key) })
    }

    private static func aggregate(_ items: [JSONValue], key: String) -> JSONValue {
        var summary: [String: (first: Int64, last: Int64, count: Int64)] = [:]
        for item in items {
            guard let name = item[key]?.stringValue else { continue }
            let at = item["_time_ms"]?.intValue ?? 0
            let current = summary[name] ?? (at, at, 0)
            summary[name] = (min(current.first, at), max(current.last, at), current.count + 1)
        }
        return .array(
            summary.keys.sorted().compactMap { name in
                guard let entry = summary[name] else { return nil }
                return [
                    "name": .string(name), "first": .string(SandboxTimestamp.iso8601(milliseconds: entry.first)),
                    "last": .string(SandboxTimestamp.iso8601(milliseconds: entry.last)), "count": .int(entry.count),
                ]
            })
    }
}
