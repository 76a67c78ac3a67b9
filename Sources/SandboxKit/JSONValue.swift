/// A JSON document as a Sendable value: what the sandboxes read from request bodies and write as responses.
///
/// Numbers keep the distinction between integers (`Int64`) and other numbers (`Double`) so that a vendor
/// emulator can tell `5` from `5.0` when the vendor does.
public enum JSONValue: Sendable, Equatable {
    /// JSON `null`.
    case null
    /// JSON `true` / `false`.
    case bool(Bool)
    /// A JSON number without fraction or exponent that fits in 64 bits.
    case int(Int64)
    /// Any other JSON number.
    case double(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([JSONValue])
    /// A JSON object; key order is not kept (output is sorted by key).
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member `key` when this is an object, else `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string payload, or `nil` for any other case.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload; a `Double` with no fraction also qualifies.
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e18: return Int64(value)
        default: return nil
        }
    }

    /// The numeric payload as a `Double`.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The boolean payload, or `nil` for any other case.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements when this is an array, else `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members when this is an object, else `nil`.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// `true` for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    /// Builds `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Builds `.int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Builds `.double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// Builds `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Builds `.array`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Builds `.object`; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    /// Builds `.null`.
    public init(nilLiteral: ()) { self = .null }
}
