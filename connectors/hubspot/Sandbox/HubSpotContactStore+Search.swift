import Foundation

/// Search evaluation over the store.
extension HubSpotContactStore {
    /// Matching live contacts modified at or before `visibleUntilMs` (index lag), sorted, with the total count.
    func search(_ request: HubSpotSearchRequest, registry: HubSpotPropertyRegistry, visibleUntilMs: Int64)
        -> (page: [HubSpotContactRecord], total: Int)
    {
        let typedGroups = request.groups.map { group in group.map { ($0, registry.type(of: $0.propertyName)) } }
        let needle = request.query?.lowercased().trimmingCharacters(in: .whitespaces)
        var matches: [HubSpotContactRecord] = []
        for record in records.values where !record.isArchived && (visibleUntilMs == .max || record.updatedAtMs <= visibleUntilMs) {
            if !typedGroups.isEmpty,
               !typedGroups.contains(where: { group in group.allSatisfy { $0.0.matches(record, type: $0.1) } })
            {
                continue
            }
            if let needle, !needle.isEmpty {
                let haystack = [record.email, record.firstname, record.lastname, record.other["phone"]]
                guard haystack.contains(where: { $0?.lowercased().contains(needle) ?? false }) else { continue }
            }
            matches.append(record)
        }
        sort(&matches, request: request, registry: registry)
        let start = min(request.after, matches.count)
        let end = min(start + request.limit, matches.count)
        return (Array(matches[start..<end]), matches.count)
    }

    private func sort(_ matches: inout [HubSpotContactRecord], request: HubSpotSearchRequest,
                      registry: HubSpotPropertyRegistry) {
        let property = request.sortProperty ?? "createdate"
        let descending = request.sortDescending
        switch property {
        case "lastmodifieddate", "createdate", "hs_object_id":
            let key: (HubSpotContactRecord) -> Int64 = property == "lastmodifieddate"
                ? { $0.updatedAtMs } : (property == "createdate" ? { $0.createdAtMs } : { $0.id })
            matches.sort { left, right in
                let (a, b) = (key(left), key(right))
                if a != b { return descending ? a > b : a < b }
                return left.id < right.id
            }
        default:
            let type = registry.type(of: property)
            let comparator = HubSpotSearchFilter(propertyName: property, op: "EQ", value: nil, highValue: nil, values: [])
            matches.sort { left, right in
                let (a, b) = (left.value(property), right.value(property))
                if a == b { return left.id < right.id }
                guard let a else { return false }
                guard let b else { return true }
                let order = comparator.compare(a, b, type)
                if order == 0 { return left.id < right.id }
                return descending ? order > 0 : order < 0
            }
        }
    }
}
