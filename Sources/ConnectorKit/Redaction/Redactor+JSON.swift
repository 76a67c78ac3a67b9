import Foundation

extension Redactor {
    /// A body with its secrets redacted: JSON bodies are parsed and the values of secret keys replaced (any
    /// depth); other bodies (form-encoded, XML, text) go through `redact(text:emails:)`; binary bodies are kept.
    /// JSON output uses sorted keys.
    public func redact(body: Data, emails: EmailHandling = .keep) -> Data {
        if let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) {
            let redacted = redact(jsonObject: json, emails: emails)
            if let data = try? JSONSerialization.data(
                withJSONObject: redacted, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            {
                return data
            }
        }
        guard let text = String(data: body, encoding: .utf8) else { return body }
        return Data(redact(text: text, emails: emails).utf8)
    }

    /// A parsed JSON value (`JSONSerialization` output) with the values of secret keys replaced by `REDACTED`
    /// and, unless `emails` is `.keep`, emails inside strings handled as asked.
    public func redact(jsonObject: Any, emails: EmailHandling = .keep) -> Any {
        switch jsonObject {
        case let dictionary as [String: Any]:
            var out: [String: Any] = [:]
            for (key, value) in dictionary {
                out[key] =
                    secretKeys.contains(key.lowercased()) ? Self.replacement : redact(jsonObject: value, emails: emails)
            }
            return out
        case let array as [Any]:
            return array.map { redact(jsonObject: $0, emails: emails) }
        case let string as String:
            return redact(text: string, emails: emails)
        default:
            return jsonObject
        }
    }
}
