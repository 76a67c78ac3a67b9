/// Builds XML text with every value and attribute value escaped: the only way the connector writes XML
/// (requests are templates filled through it, never concatenated raw).
struct XMLWriter: Sendable {
    private(set) var text = ""

    /// Escapes `&`, `<`, `>`, `"` and `'`.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `<name a="v">`; attribute values escaped. Names are constants of the connector.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        for (key, value) in attributes { text += " \(key)=\"\(Self.escape(value))\"" }
        text += ">"
    }

    mutating func close(_ name: String) { text += "</\(name)>" }

    /// Escaped character data.
    mutating func characters(_ value: String) { text += Self.escape(value) }

    /// `<name>escaped</name>`; nothing for `nil`.
    mutating func element(_ name: String, _ value: String?) {
        guard let value else { return }
        open(name)
        characters(value)
        close(name)
    }

    /// Inserts a marker the token placement replaces (never user data).
    mutating func marker(_ marker: String) { text += marker }
}
