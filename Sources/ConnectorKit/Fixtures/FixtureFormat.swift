import Foundation

/// The on-disk format of recorded conversations.
///
/// A scenario directory `fixtures/<vendor>/<scenario>/` holds pairs `NNN.request.json` + `NNN.response.json`
/// (`NNN` = 001, 002, … in the order the requests are made; other files such as `expected.json` are ignored).
///
/// `NNN.request.json`:
/// ```json
/// {
///   "method": "POST",
///   "path": "/crm/v3/objects/contacts/search",
///   "query": [{"name": "limit", "value": "100"}],
///   "headers": {"Authorization": "REDACTED", "Content-Type": "application/json"},
///   "body": {"filterGroups": [], "limit": 100},
///   "ignoreBody": false
/// }
/// ```
/// `NNN.response.json`:
/// ```json
/// {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"results": []}}
/// ```
/// - `path` is the percent-encoded URL path only: scheme, host and port are not recorded (replay works against any
///   base URL). `query` is optional (absent = none); values are percent-decoded.
/// - `headers` is an object (repeated fields joined with `", "`); secret headers are `REDACTED`.
/// - The body is one of: `body` (any JSON value, when the bytes were JSON; written with sorted keys), `bodyText`
///   (other UTF-8 text: form-encoded, XML), `bodyBase64` (binary); absent = empty. Secrets inside are `REDACTED`.
/// - `ignoreBody` (request only, optional, default `false`): do not compare the request body on replay (for bodies
///   with volatile values). Hand-edit it in.
enum FixtureFormat {
    static let writeOptions: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]

    static func encodeBody(_ body: Data?, into object: inout [String: Any], redactor: Redactor) {
        guard let body, !body.isEmpty else { return }
        if let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) {
            object["body"] = redactor.redact(jsonObject: json, emails: .keep)
        } else if let text = String(data: body, encoding: .utf8) {
            object["bodyText"] = redactor.redact(text: text, emails: .keep)
        } else {
            object["bodyBase64"] = body.base64EncodedString()
        }
    }

    /// The body bytes a fixture object describes (`body` re-serialised with sorted keys).
    static func decodeBody(_ object: [String: Any]) throws -> Data {
        if let json = object["body"] {
            return try JSONSerialization.data(
                withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        }
        if let text = object["bodyText"] as? String { return Data(text.utf8) }
        if let base64 = object["bodyBase64"] as? String, let data = Data(base64Encoded: base64) { return data }
        return Data()
    }

    static func encodeHeaders(_ headers: VendorHeaders) -> [String: String] {
        var out: [String: String] = [:]
        for field in headers {
            out[field.name] = out[field.name].map { "\($0), \(field.value)" } ?? field.value
        }
        return out
    }

    static func decodeHeaders(_ value: Any?) -> VendorHeaders {
        guard let object = value as? [String: String] else { return [:] }
        return VendorHeaders(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static func pathAndQuery(of url: URL) -> (path: String, query: [URLQueryItem]) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let path = components?.percentEncodedPath ?? url.path
        return (path.isEmpty ? "/" : path, components?.queryItems ?? [])
    }

    static func readObject(_ url: URL) throws -> [String: Any] {
        do {
            let data = try Data(contentsOf: url)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw FixtureError(.unreadableFixture, "\(url.lastPathComponent) is not a JSON object")
            }
            return object
        } catch let error as FixtureError {
            throw error
        } catch {
            throw FixtureError(.unreadableFixture, "cannot read \(url.lastPathComponent): \(type(of: error))")
        }
    }
}
