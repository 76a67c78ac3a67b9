import SandboxKit

/// A parsed and validated `POST /crm/v3/objects/contacts/search` body.
///
/// Source: `crm-contacts-v3.openapi.json` PublicObjectSearchRequest; limits from the search guide
/// (≤5 groups, ≤6 filters per group, ≤18 filters, one sort, limit ≤200, 10,000 results per query).
struct HubSpotSearchRequest: Sendable {
    static let maxLimit = 200
    static let resultCap = 10_000

    var groups: [[HubSpotSearchFilter]] = []
    var sortProperty: String?
    var sortDescending = false
    var properties: [String] = []
    var limit = 10
    var after = 0
    var query: String?

    /// Parses `body`; the thrown string is the VALIDATION_ERROR message.
    init(body: JSONValue) throws(HubSpotValidationFailure) {
        guard case .object = body else { throw HubSpotValidationFailure("Invalid input JSON on line 1") }
        if let rawLimit = body["limit"], !rawLimit.isNull {
            guard let value = rawLimit.intValue, value >= 0 else {
                throw HubSpotValidationFailure("limit must be a number")
            }
            guard value <= Int64(Self.maxLimit) else {
                throw HubSpotValidationFailure("Limit must be less than or equal to \(Self.maxLimit)")
            }
            limit = Int(value)
        }
        if let rawAfter = body["after"], !rawAfter.isNull {
            let text = rawAfter.stringValue ?? rawAfter.intValue.map(String.init) ?? ""
            guard let value = Int(text), value >= 0 else {
                throw HubSpotValidationFailure("Invalid after value: \(text)")
            }
            after = value
        }
        if after > Self.resultCap || after + limit > Self.resultCap {
            throw HubSpotValidationFailure(
                "The combination of after (\(after)) and limit (\(limit)) exceeds the maximum of \(Self.resultCap) results per search query"
            )
        }
        properties = (body["properties"]?.arrayValue ?? []).compactMap(\.stringValue)
        query = body["query"]?.stringValue
        try parseSorts(body["sorts"]?.arrayValue ?? [])
        try parseGroups(body["filterGroups"]?.arrayValue ?? [])
    }

    private mutating func parseSorts(_ sorts: [JSONValue]) throws(HubSpotValidationFailure) {
        guard sorts.count <= 1 else { throw HubSpotValidationFailure("Only one sort is supported") }
        guard let sort = sorts.first else { return }
        if let text = sort.stringValue {
            sortDescending = text.hasPrefix("-")
            sortProperty = sortDescending ? String(text.dropFirst()) : text
        } else if let name = sort["propertyName"]?.stringValue {
            sortProperty = name
            let direction = sort["direction"]?.stringValue ?? "ASCENDING"
            guard direction == "ASCENDING" || direction == "DESCENDING" else {
                throw HubSpotValidationFailure("Invalid sort direction \(direction)")
            }
            sortDescending = direction == "DESCENDING"
        } else {
            throw HubSpotValidationFailure("Invalid sort: propertyName is required")
        }
    }

    private mutating func parseGroups(_ rawGroups: [JSONValue]) throws(HubSpotValidationFailure) {
        guard rawGroups.count <= 5 else { throw HubSpotValidationFailure("Too many filter groups: max 5") }
        var total = 0
        for rawGroup in rawGroups {
            let rawFilters = rawGroup["filters"]?.arrayValue ?? []
            guard rawFilters.count <= 6 else { throw HubSpotValidationFailure("Too many filters in a group: max 6") }
            total += rawFilters.count
            var group: [HubSpotSearchFilter] = []
            for raw in rawFilters {
                guard let name = raw["propertyName"]?.stringValue, let op = raw["operator"]?.stringValue else {
                    throw HubSpotValidationFailure("Each filter needs propertyName and operator")
                }
                guard HubSpotSearchFilter.operators.contains(op) else {
                    throw HubSpotValidationFailure("Unknown operator \(op)")
                }
                let values = (raw["values"]?.arrayValue ?? []).compactMap {
                    $0.stringValue ?? $0.intValue.map(String.init)
                }
                let filter = HubSpotSearchFilter(
                    propertyName: name, op: op, value: Self.text(raw["value"]), highValue: Self.text(raw["highValue"]),
                    values: values)
                if ["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"].contains(
                    op),
                    filter.value == nil
                {
                    throw HubSpotValidationFailure("Filter \(name) \(op) requires a value")
                }
                if op == "BETWEEN", filter.highValue == nil {
                    throw HubSpotValidationFailure("Filter \(name) BETWEEN requires a highValue")
                }
                group.append(filter)
            }
            groups.append(group)
        }
        guard total <= 18 else { throw HubSpotValidationFailure("Too many filters: max 18 in total") }
    }

    private static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        return value.stringValue ?? value.intValue.map(String.init) ?? value.doubleValue.map { "\($0)" }
            ?? value.boolValue.map { $0 ? "true" : "false" }
    }
}
