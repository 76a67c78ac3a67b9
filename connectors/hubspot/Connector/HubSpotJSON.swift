import Foundation
import SyncCore

/// Lenient reading of HubSpot JSON objects (records are read field by field, so one odd record cannot fail a page).
enum HubSpotJSON {
    /// The top-level object of `data`, or `nil` when it is not a JSON object.
    static func object(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// `value` as compact JSON text (the `raw` kept for a rejection or a dead letter; key order is not stable), or
    /// `"{}"`. Keys are not sorted: sorting cost a fifth of a large initial pull.
    static func text(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `object` as compact JSON text, for an object that `JSONSerialization` itself parsed (always serialisable, so
    /// the validity walk of `text(_:)`, a quarter of its cost, is skipped).
    static func text(parsed object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A string or number field as text; `nil` for null, absent or other types.
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// A boolean field (`true`/`false` or the strings `"true"`/`"false"`).
    static func bool(_ value: Any?) -> Bool? {
        switch value {
        case let flag as Bool: flag
        case let text as String: text == "true" ? true : (text == "false" ? false : nil)
        default: nil
        }
    }

    /// A HubSpot time: epoch milliseconds as digits, or ISO-8601.
    /// - Throws: `NormalizationError` naming `field` when empty or unparseable.
    static func millis(_ text: String, field: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isNumber), let value = Int64(trimmed) { return value }
        return try VendorTime.parse(trimmed, field: field)
    }
}

/// A success or a failure value that is not an `Error` (a rejected record, a push outcome).
enum Outcome<Success, Failure> {
    case success(Success)
    case failure(Failure)
}
