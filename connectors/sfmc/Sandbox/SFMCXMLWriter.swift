/// Builds XML text with every value and attribute escaped; the only way the sandbox writes XML.
struct SFMCXMLWriter: Sendable {
    private(set) var text = ""

    /// Escapes `&`, `<`, `>`, `"` and `'` for element text and attribute values.
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

    /// Opens `<name attr="v"...>`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        for (key, value) in attributes { text += " \(key)=\"\(Self.escape(value))\"" }
        text += ">"
    }

    /// Closes `</name>`.
    mutating func close(_ name: String) { text += "</\(name)>" }

    /// `<name>escaped value</name>`; nothing when `value` is nil.
    mutating func element(_ name: String, _ value: String?) {
        guard let value else { return }
        text += "<\(name)>\(Self.escape(value))</\(name)>"
    }

    /// Appends already-built XML (from another writer).
    mutating func append(_ other: SFMCXMLWriter) { text += other.text }

    /// Appends a fragment an `SFMCXMLWriter` built earlier (e.g. a stored Retrieve row).
    mutating func appendBuilt(_ fragment: String) { text += fragment }

    /// Escaped character data.
    mutating func characters(_ value: String) { text += Self.escape(value) }
}
