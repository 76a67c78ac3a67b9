import SandboxKit

/// One search filter (`propertyName`, `operator`, `value` / `highValue` / `values`).
struct HubSpotSearchFilter: Sendable {
    static let operators: Set<String> = [
        "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
        "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
    ]

    var propertyName: String
    var op: String
    var value: String?
    var highValue: String?
    var values: [String]
    /// `value`, `highValue`, `values` read as instants / integers (epoch ms or ISO-8601), computed once.
    private let numbers: (value: Int64?, high: Int64?, values: [Int64])

    init(propertyName: String, op: String, value: String?, highValue: String?, values: [String]) {
        self.propertyName = propertyName
        self.op = op
        self.value = value
        self.highValue = highValue
        self.values = values
        numbers = (value.flatMap(Self.instant), highValue.flatMap(Self.instant), values.compactMap(Self.instant))
    }

    /// Whether `record` satisfies the filter, comparing as the property's type does.
    func matches(_ record: HubSpotContactRecord, type: HubSpotPropertyType) -> Bool {
        if let number = record.numericValue(propertyName), let result = matchesNumber(number) { return result }
        let actual = record.value(propertyName)
        switch op {
        case "HAS_PROPERTY": return actual != nil
        case "NOT_HAS_PROPERTY": return actual == nil
        case "NEQ": return actual.map { compare($0, value ?? "", type) != 0 } ?? true
        case "NOT_IN": return actual.map { value in !values.contains { compare(value, $0, type) == 0 } } ?? true
        case "NOT_CONTAINS_TOKEN": return actual.map { !containsToken($0) } ?? true
        default: break
        }
        guard let actual else { return false }
        switch op {
        case "EQ": return compare(actual, value ?? "", type) == 0
        case "LT": return compare(actual, value ?? "", type) < 0
        case "LTE": return compare(actual, value ?? "", type) <= 0
        case "GT": return compare(actual, value ?? "", type) > 0
        case "GTE": return compare(actual, value ?? "", type) >= 0
        case "BETWEEN":
            return compare(actual, value ?? "", type) >= 0 && compare(actual, highValue ?? "", type) <= 0
        case "IN": return values.contains { compare(actual, $0, type) == 0 }
        case "CONTAINS_TOKEN": return containsToken(actual)
        default: return false
        }
    }

    /// The smallest value the filter can match on its property (numeric operators with a lower end), else `nil`.
    var inclusiveLowerBound: Int64? {
        switch op {
        case "EQ", "GT", "GTE", "BETWEEN": numbers.value
        default: nil
        }
    }

    /// Fast path for the numeric derived properties; `nil` when the operator needs the string form.
    func matchesNumber(_ actual: Int64) -> Bool? {
        switch op {
        case "HAS_PROPERTY": return true
        case "NOT_HAS_PROPERTY": return false
        case "EQ": return numbers.value.map { actual == $0 } ?? false
        case "NEQ": return numbers.value.map { actual != $0 } ?? true
        case "LT": return numbers.value.map { actual < $0 } ?? false
        case "LTE": return numbers.value.map { actual <= $0 } ?? false
        case "GT": return numbers.value.map { actual > $0 } ?? false
        case "GTE": return numbers.value.map { actual >= $0 } ?? false
        case "BETWEEN":
            guard let low = numbers.value, let high = numbers.high else { return false }
            return actual >= low && actual <= high
        case "IN": return numbers.values.contains(actual)
        case "NOT_IN": return !numbers.values.contains(actual)
        default: return nil
        }
    }

    private func containsToken(_ actual: String) -> Bool {
        let needle = (value ?? "").lowercased().replacingOccurrences(of: "*", with: "")
        return needle.isEmpty || actual.lowercased().contains(needle)
    }

    /// -1 / 0 / 1 ordering of a stored value against a filter value.
    func compare(_ actual: String, _ wanted: String, _ type: HubSpotPropertyType) -> Int {
        switch type {
        case .datetime:
            return Self.order(Self.instant(actual), Self.instant(wanted))
        case .number:
            return Self.order(Double(actual), Double(wanted))
        case .enumeration:
            return actual == wanted ? 0 : (actual < wanted ? -1 : 1)
        case .string, .bool:
            let left = actual.lowercased()
            let right = wanted.lowercased()
            return left == right ? 0 : (left < right ? -1 : 1)
        }
    }

    /// Epoch ms from an epoch-ms string or an ISO-8601 string.
    static func instant(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        return SandboxTimestamp.parse(text)
    }

    private static func order<T: Comparable>(_ left: T?, _ right: T?) -> Int {
        guard let left, let right else { return left == nil && right == nil ? 0 : (left == nil ? -1 : 1) }
        return left == right ? 0 : (left < right ? -1 : 1)
    }
}
