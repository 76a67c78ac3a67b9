/// A Retrieve `Filter` (`SimpleFilterPart` / `ComplexFilterPart`, etframework.wsdl) compiled to a predicate over a
/// record's printed properties.
///
/// Dates (`*Date` properties) compare as instants (naive values are CST); `ID`-like properties numerically;
/// `EmailAddress` case-insensitively; others as exact strings. Operators: `equals`, `notEquals`, `greaterThan`,
/// `greaterThanOrEqual`, `lessThan`, `lessThanOrEqual`, `between` (two values), `IN` (two or more values; SFMC
/// rejects a one-value `IN`), `isNull`, `isNotNull`.
struct SFMCFilter: Sendable {
    let matches: @Sendable (_ record: any SFMCFilterable) -> Bool

    /// Compiles `node`, checking property names against `allowed`.
    /// - Throws: `SFMCFilterError` with the message SFMC puts after `Error: ` in `OverallStatus`.
    init(_ node: SFMCXMLNode, allowed: Set<String>) throws {
        switch node.xsiType {
        case "ComplexFilterPart":
            guard let left = node.child("LeftOperand"), let right = node.child("RightOperand") else {
                throw SFMCFilterError("ComplexFilterPart requires LeftOperand and RightOperand")
            }
            let operands = [left, right] + (node.child("AdditionalOperands")?.all("Operand") ?? [])
            let parts = try operands.map { try SFMCFilter($0, allowed: allowed) }
            switch node.value("LogicalOperator") {
            case "AND": matches = { record in parts.allSatisfy { $0.matches(record) } }
            case "OR": matches = { record in parts.contains { $0.matches(record) } }
            default: throw SFMCFilterError("LogicalOperator must be AND or OR")
            }
        case "SimpleFilterPart", nil:
            matches = try Self.simple(node, allowed: allowed)
        case let other?:
            throw SFMCFilterError("Unsupported filter type \(other)")
        }
    }

    private static func simple(_ node: SFMCXMLNode, allowed: Set<String>) throws
        -> @Sendable (any SFMCFilterable) -> Bool
    {
        guard let property = node.value("Property"), let op = node.value("SimpleOperator") else {
            throw SFMCFilterError("SimpleFilterPart requires Property and SimpleOperator")
        }
        guard allowed.contains(property) else {
            throw SFMCFilterError("The Filter Property '\(property)' is not a retrievable property")
        }
        let raw = (node.all("Value") + node.all("DateValue")).map { $0.text.trimmingCharacters(in: .whitespaces) }
        let kind = SFMCValueKind(property: property)
        let values = try raw.map { text -> SFMCComparable in
            guard let value = kind.comparable(text) else { throw SFMCFilterError("Invalid value '\(text)' for \(property)") }
            return value
        }
        func need(_ count: Int) throws {
            guard values.count == count else { throw SFMCFilterError("\(op) requires \(count) value(s)") }
        }
        // Dates compare as epoch ms read from the record (the same value as formatting and parsing it back).
        let read: @Sendable (any SFMCFilterable) -> SFMCComparable?
        if case .date = kind {
            read = { record in record.dateMs(property).map { SFMCComparable.number($0) } }
        } else {
            read = { record in record.property(property).flatMap(kind.comparable) }
        }
        switch op {
        case "equals": try need(1); return { read($0) == values[0] }
        case "notEquals": try need(1); return { read($0) != values[0] }
        case "greaterThan": try need(1); return { read($0).map { $0 > values[0] } ?? false }
        case "greaterThanOrEqual": try need(1); return { read($0).map { $0 >= values[0] } ?? false }
        case "lessThan": try need(1); return { read($0).map { $0 < values[0] } ?? false }
        case "lessThanOrEqual": try need(1); return { read($0).map { $0 <= values[0] } ?? false }
        case "between": try need(2); return { read($0).map { $0 >= values[0] && $0 <= values[1] } ?? false }
        case "IN":
            guard values.count >= 2 else {
                throw SFMCFilterError("The IN operator requires at least two values; use equals for a single value")
            }
            let set = Set(values)
            return { read($0).map(set.contains) ?? false }
        case "isNull": return { $0.property(property) == nil }
        case "isNotNull": return { $0.property(property) != nil }
        default: throw SFMCFilterError("Unsupported SimpleOperator \(op)")
        }
    }
}

/// A filter that SFMC would refuse; `message` goes after `Error: ` in `OverallStatus`.
/// A sandbox row a Retrieve filter reads: its properties as SOAP text, and its dates as epoch ms.
protocol SFMCFilterable: Sendable {
    /// The property's text as a Retrieve returns it, `nil` when unset or unknown.
    func property(_ name: String) -> String?
    /// A date property as epoch ms (UTC), `nil` when unset or not a date.
    func dateMs(_ name: String) -> Int64?
}

struct SFMCFilterError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum SFMCComparable: Hashable, Comparable, Sendable {
    case number(Int64)
    case text(String)

    static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)): a < b
        case let (.text(a), .text(b)): a < b
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}

enum SFMCValueKind: Sendable {
    case date, number, email, text

    init(property: String) {
        if property.hasSuffix("Date") { self = .date }
        else if ["ID", "ListID", "SendID", "BatchID", "URLID"].contains(property) { self = .number }
        else if property == "EmailAddress" { self = .email }
        else { self = .text }
    }

    func comparable(_ text: String) -> SFMCComparable? {
        switch self {
        case .date: SFMCSystemTime.parse(text).map(SFMCComparable.number)
        case .number: Int64(text).map(SFMCComparable.number)
        case .email: .text(text.lowercased())
        case .text: .text(text)
        }
    }
}
