import ConnectorKit

/// Reading Braze response bodies: always a JSON object with `message` (`"success"` when all went well).
///
/// Source: Braze docs `_docs/_api/errors.md`.
enum BrazeBody {
    /// The body as a JSON object.
    /// - Throws: `ConnectorError(.malformedResponse)` when it is not one (never quoting the body).
    static func object(_ response: VendorResponse, operation: String) throws -> BrazeJSON {
        guard let json = try? BrazeJSON.parse(response.body), case .object = json else {
            throw ConnectorError(
                .malformedResponse, "response body is not a JSON object (\(response.body.count) bytes)",
                operation: operation, httpStatus: response.status
            )
        }
        return json
    }

    /// The array `key` of a list response (`emails`, `users`).
    /// - Parameter missingIsEmpty: a `"message": "success"` body without `key` counts as an empty list
    ///   (`/users/export/ids` omits `users` when nothing matched).
    /// - Throws: `ConnectorError(.malformedResponse)` when the body is not an object or `key` is not an array.
    static func list(_ response: VendorResponse, key: String, operation: String, missingIsEmpty: Bool = false) throws
        -> [BrazeJSON]
    {
        let json = try object(response, operation: operation)
        if missingIsEmpty, json[key] == nil, json["message"]?.string == "success" { return [] }
        guard let rows = json[key]?.array else {
            if json[key] == nil, let message = json["message"]?.string, message != "success" {
                throw ConnectorError(
                    .malformedResponse, "response has no \"\(key)\" list", operation: operation,
                    httpStatus: response.status,
                    details: "message: \(vendorText(message))"
                )
            }
            throw ConnectorError(
                .malformedResponse, "response has no \"\(key)\" list", operation: operation, httpStatus: response.status
            )
        }
        return rows
    }
}
