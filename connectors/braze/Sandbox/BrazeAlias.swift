import SandboxKit

/// A Braze user alias: one `alias_name` per `alias_label` per profile.
struct BrazeAlias: Sendable, Hashable {
    var name: String
    var label: String

    init(name: String, label: String) {
        self.name = name
        self.label = label
    }

    /// Reads `{"alias_name", "alias_label"}`.
    init?(json: JSONValue?) {
        guard let name = json?["alias_name"]?.stringValue, let label = json?["alias_label"]?.stringValue else {
            return nil
        }
        self.init(name: name, label: label)
    }

    var json: JSONValue { ["alias_name": .string(name), "alias_label": .string(label)] }
}
