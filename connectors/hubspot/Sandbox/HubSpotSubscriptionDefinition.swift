import SandboxKit

/// A subscription type (comm-prefs "definition"), e.g. `1001 Marketing Information`.
///
/// Source: `communication-preferences-v3.openapi.json` SubscriptionDefinition (id is a string in v3, an int64 in v4).
struct HubSpotSubscriptionDefinition: Sendable {
    var id: Int64
    var name: String
    var description: String
    var purpose: String
    var communicationMethod: String
    var isActive: Bool
    var isDefault: Bool
    var isInternal: Bool
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var businessUnitId: Int64

    /// The v3 / v4 definition JSON.
    var json: JSONValue {
        [
            "id": .string(String(id)), "name": .string(name), "description": .string(description),
            "purpose": .string(purpose), "communicationMethod": .string(communicationMethod),
            "isActive": .bool(isActive), "isDefault": .bool(isDefault), "isInternal": .bool(isInternal),
            "createdAt": .string(SandboxTimestamp.iso8601(milliseconds: createdAtMs)),
            "updatedAt": .string(SandboxTimestamp.iso8601(milliseconds: updatedAtMs)),
            "businessUnitId": .int(businessUnitId),
        ]
    }

    /// Reads one entry of a v3 definitions response.
    init?(json: JSONValue) {
        guard let idText = json["id"]?.stringValue ?? json["id"]?.intValue.map(String.init), let id = Int64(idText),
            let name = json["name"]?.stringValue
        else { return nil }
        self.id = id
        self.name = name
        description = json["description"]?.stringValue ?? ""
        purpose = json["purpose"]?.stringValue ?? "Marketing"
        communicationMethod = json["communicationMethod"]?.stringValue ?? "Email"
        isActive = json["isActive"]?.boolValue ?? true
        isDefault = json["isDefault"]?.boolValue ?? false
        isInternal = json["isInternal"]?.boolValue ?? false
        createdAtMs = json["createdAt"]?.stringValue.flatMap(SandboxTimestamp.parse) ?? 0
        updatedAtMs = json["updatedAt"]?.stringValue.flatMap(SandboxTimestamp.parse) ?? createdAtMs
        businessUnitId = json["businessUnitId"]?.intValue ?? 0
    }

    /// The two types every generated portal has: 1001 "Marketing Information" and 1002 "One to One".
    static let defaults: [HubSpotSubscriptionDefinition] = [
        .init(id: 1001, name: "Marketing Information", description: "Marketing offers and updates."),
        .init(id: 1002, name: "One to One", description: "One to one emails"),
    ]

    private init(id: Int64, name: String, description: String) {
        self.id = id
        self.name = name
        self.description = description
        purpose = "Marketing"
        communicationMethod = "Email"
        isActive = true
        isDefault = true
        isInternal = false
        createdAtMs = SandboxTimestamp.milliseconds(year: 2025, month: 1, day: 1)
        updatedAtMs = createdAtMs
        businessUnitId = 0
    }
}
