import Foundation

/// A JSON value as Braze sends it, kept whole so a profile or list row can be mapped field by field and stored raw.
///
/// Braze payloads mix types freely (custom attributes may be strings, numbers, booleans, arrays or objects), so
/// rows are decoded into this value instead of fixed structs.
enum BrazeJSON: Codable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([BrazeJSON])
    case object([String: BrazeJSON])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([BrazeJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: BrazeJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// The member `key` of an object, `nil` otherwise.
    subscript(key: String) -> BrazeJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string, when this is one.
    var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The elements, when this is an array.
    var array: [BrazeJSON]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// A scalar as text (`"12"`, `"12.5"`, `"true"`); `nil` for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .array, .object, .null: return nil
        }
    }

    /// The JSON type name for error messages.
    var typeName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .array: "array"
        case .object: "object"
        case .null: "null"
        }
    }

    /// Compact JSON text with sorted keys (the raw payload kept for dead letters and `remap`).
    var text: String {
        (try? String(decoding: BrazeJSON.encoder.encode(self), as: UTF8.self)) ?? "null"
    }

    /// Parses JSON text.
    /// - Throws: `DecodingError` when the text is not JSON.
    static func parse(_ data: Data) throws -> BrazeJSON {
        try JSONDecoder().decode(BrazeJSON.self, from: data)
    }

    /// The longest string anywhere inside, as (path, UTF-8 byte count), for size checks.
    func longestString(path: String = "") -> (path: String, bytes: Int)? {
        switch self {
        case .string(let value):
            return (path, value.utf8.count)
        case .array(let elements):
            return elements.enumerated().compactMap { $1.longestString(path: "\(path)[\($0)]") }.max {
                $0.bytes < $1.bytes
            }
        case .object(let members):
            return members.compactMap { key, value in value.longestString(path: path.isEmpty ? key : "\(path).\(key)") }
                .max { ($0.bytes, $1.path) < ($1.bytes, $0.path) }
        case .number, .bool, .null:
            return nil
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
