import Foundation

/// Search evaluation over the store.
extension HubSpotContactStore {
    private static let numericOperators: Set<String> = [
        "HAS_PROPERTY", "NOT_HAS_PROPERTY", "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
    ]

    /// Matching live contacts modified at or before `visibleUntilMs` (index lag), sorted, with the total count.
    ///
    /// One sort rule; ties are broken by id (ascending for ascending sorts) so that paging is stable — HubSpot does
    /// not document its tie order. Sorting on `lastmodifieddate`, `createdate` or `hs_object_id` uses a cached,
    /// pre-sorted index that any write invalidates.
    mutating func search(_ request: HubSpotSearchRequest, registry: HubSpotPropertyRegistry, visibleUntilMs: Int64)
        -> (page: [HubSpotContactRecord], total: Int)
    {
        let typedGroups = request.groups.map { group in group.map { ($0, registry.type(of: $0.propertyName)) } }
        let needle = request.query?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        let property = request.sortProperty ?? "createdate"
        var orderedIds: [Int64] = []
        if HubSpotSearchEntry.numericProperties.contains(property) {
            let numericGroups = typedGroups.map { group in group.map { ($0.0, HubSpotSearchEntry.Field($0.0.propertyName)) } }
            let numericOnly =
                needle.isEmpty
                && request.groups.allSatisfy { group in
                    group.allSatisfy {
                        HubSpotSearchEntry.numericProperties.contains($0.propertyName)
                            && Self.numericOperators.contains($0.op)
                    }
                }
            let entries = sortedEntries(by: property)
            let wanted = request.after + request.limit
            var total = 0
            var ids: [Int64] = []
            let visit = { (entry: HubSpotSearchEntry) in
                if visibleUntilMs != .max, entry.updatedAtMs > visibleUntilMs { return }
                if numericOnly {
                    if !typedGroups.isEmpty, !Self.matchesAny(numericGroups, entry) { return }
                } else {
                    guard let record = records[entry.id], Self.matches(typedGroups, needle: needle, record) else {
                        return
                    }
                }
                total += 1
                if ids.count < wanted { ids.append(entry.id) }
            }
            if request.sortDescending {
                entries.reversed().forEach(visit)
            } else {
                // Entries below every group's lower bound on the sort property cannot match: start after them.
                let start = numericOnly ? Self.firstIndex(in: entries, atLeast: lowerBound(typedGroups, property), property) : 0
                entries[start...].forEach(visit)
            }
            let first = min(request.after, ids.count)
            return (ids[first...].compactMap { records[$0] }, total)
        } else {
            orderedIds = textOrder(
                request, typedGroups: typedGroups, needle: needle, registry: registry,
                visibleUntilMs: visibleUntilMs)
        }
        let start = min(request.after, orderedIds.count)
        let end = min(start + request.limit, orderedIds.count)
        return (orderedIds[start..<end].compactMap { records[$0] }, orderedIds.count)
    }

    private mutating func sortedEntries(by property: String) -> [HubSpotSearchEntry] {
        if let cached = searchOrder[property] { return cached }
        var entries = records.values.filter { !$0.isArchived }.map {
            HubSpotSearchEntry(id: $0.id, createdAtMs: $0.createdAtMs, updatedAtMs: $0.updatedAtMs)
        }
        entries.sort { left, right in
            let (a, b) = (left.value(property) ?? 0, right.value(property) ?? 0)
            return a != b ? a < b : left.id < right.id
        }
        searchOrder[property] = entries
        return entries
    }

    private func textOrder(
        _ request: HubSpotSearchRequest, typedGroups: [[(HubSpotSearchFilter, HubSpotPropertyType)]],
        needle: String, registry: HubSpotPropertyRegistry, visibleUntilMs: Int64
    ) -> [Int64] {
        let property = request.sortProperty ?? "createdate"
        var keys: [(key: String?, id: Int64)] = []
        for record in records.values where !record.isArchived {
            if visibleUntilMs != .max, record.updatedAtMs > visibleUntilMs { continue }
            if Self.matches(typedGroups, needle: needle, record) { keys.append((record.value(property), record.id)) }
        }
        let type = registry.type(of: property)
        let comparator = HubSpotSearchFilter(propertyName: property, op: "EQ", value: nil, highValue: nil, values: [])
        let descending = request.sortDescending
        keys.sort { left, right in
            guard let a = left.key, let b = right.key else {
                return left.key == nil && right.key == nil ? left.id < right.id : right.key == nil
            }
            let order = comparator.compare(a, b, type)
            if order == 0 { return left.id < right.id }
            return descending ? order > 0 : order < 0
        }
        return keys.map(\.id)
    }

    private static func matches(
        _ groups: [[(HubSpotSearchFilter, HubSpotPropertyType)]], needle: String,
        _ record: HubSpotContactRecord
    ) -> Bool {
        if !groups.isEmpty, !groups.contains(where: { group in group.allSatisfy { $0.0.matches(record, type: $0.1) } })
        {
            return false
        }
        guard !needle.isEmpty else { return true }
        let haystack = [record.email, record.firstname, record.lastname, record.other["phone"]]
        return haystack.contains { $0?.lowercased().contains(needle) ?? false }
    }

    /// The lowest value of `property` any group can match, when every group bounds it from below; else `nil`.
    private func lowerBound(_ groups: [[(HubSpotSearchFilter, HubSpotPropertyType)]], _ property: String) -> Int64? {
        guard !groups.isEmpty else { return nil }
        var lowest = Int64.max
        for group in groups {
            guard let bound = group.compactMap({ $0.0.propertyName == property ? $0.0.inclusiveLowerBound : nil }).max()
            else { return nil }
            lowest = min(lowest, bound)
        }
        return lowest
    }

    /// The index of the first entry whose `property` is at least `bound` (binary search over the sorted entries).
    private static func firstIndex(in entries: [HubSpotSearchEntry], atLeast bound: Int64?, _ property: String) -> Int {
        guard let bound, let field = HubSpotSearchEntry.Field(property) else { return 0 }
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].value(field) < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func matchesAny(
        _ groups: [[(HubSpotSearchFilter, HubSpotSearchEntry.Field?)]],
        _ entry: HubSpotSearchEntry
    ) -> Bool {
        for group in groups {
            var all = true
            for (filter, field) in group where filter.matchesNumber(field.map(entry.value) ?? 0) != true {
                all = false
                break
            }
            if all { return true }
        }
        return false
    }
}
