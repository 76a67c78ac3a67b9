import SandboxKit

/// One contact as the emulator stores it: hot properties in fields, the rest in `other`, timestamps in epoch ms.
struct HubSpotContactRecord: Sendable {
    var id: Int64
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var archivedAtMs: Int64?
    var email: String?
    var firstname: String?
    var lastname: String?
    var other: [String: String] = [:]
    var mergedIds: [Int64] = []

    /// Properties HubSpot returns on every read, whether asked for or not.
    static let defaultProperties = ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]

    /// The string value of property `name` (derived ones included), or `nil` when unset or empty.
    func value(_ name: String) -> String? {
        let raw: String?
        switch name {
        case "email": raw = email
        case "firstname": raw = firstname
        case "lastname": raw = lastname
        case "hs_object_id": raw = String(id)
        case "createdate": raw = SandboxTimestamp.iso8601(milliseconds: createdAtMs)
        case "lastmodifieddate": raw = SandboxTimestamp.iso8601(milliseconds: updatedAtMs)
        case "hs_merged_object_ids": raw = mergedIds.isEmpty ? nil : mergedIds.map(String.init).joined(separator: ";")
        default: raw = other[name]
        }
        guard let raw, !raw.isEmpty else { return nil }
        return raw
    }

    /// The epoch-ms / numeric value of the derived properties `createdate`, `lastmodifieddate`, `hs_object_id`,
    /// so search can compare them without formatting strings; `nil` for every other property.
    func numericValue(_ name: String) -> Int64? {
        switch name {
        case "lastmodifieddate": updatedAtMs
        case "createdate": createdAtMs
        case "hs_object_id": id
        default: nil
        }
    }

    /// Sets a stored property; `""` clears it (HubSpot's way to unset a value).
    mutating func set(_ name: String, _ value: String) {
        let stored: String? = value.isEmpty ? nil : value
        switch name {
        case "email": email = stored
        case "firstname": firstname = stored
        case "lastname": lastname = stored
        default: other[name] = stored
        }
    }

    /// The lower-cased email used for uniqueness, if any.
    var emailKey: String? { email.map { $0.lowercased() } }

    var isArchived: Bool { archivedAtMs != nil }

    /// SimplePublicObject JSON with the requested properties plus the defaults; unset properties are omitted.
    func json(properties requested: [String]) -> JSONValue {
        var props: [String: JSONValue] = [:]
        for name in Self.defaultProperties + requested {
            if let value = value(name) { props[name] = .string(value) }
        }
        var object: [String: JSONValue] = [
            "id": .string(String(id)),
            "properties": .object(props),
            "createdAt": .string(SandboxTimestamp.iso8601(milliseconds: createdAtMs)),
            "updatedAt": .string(SandboxTimestamp.iso8601(milliseconds: updatedAtMs)),
            "archived": .bool(isArchived),
        ]
        if let archivedAtMs { object["archivedAt"] = .string(SandboxTimestamp.iso8601(milliseconds: archivedAtMs)) }
        return .object(object)
    }
}
