/// The contacts of the emulated portal: records by id, a unique lower-cased email index, and the merge alias map.
struct HubSpotContactStore: Sendable {
    private(set) var records: [Int64: HubSpotContactRecord] = [:]
    /// Every id ever stored, ascending (ids are assigned increasing), for cursor paging of the list endpoint.
    private(set) var orderedIds: [Int64] = []
    private(set) var emailIndex: [String: Int64] = [:]
    /// Absorbed id → surviving id.
    private(set) var aliases: [Int64: Int64] = [:]
    var nextId: Int64 = 100_000_000_001
    /// Live contacts pre-sorted by a numeric property (ties by id), rebuilt lazily after any write.
    var searchOrder: [String: [HubSpotSearchEntry]] = [:]

    /// Stores a record as is (seed / generated data): no validation, no timestamps touched.
    mutating func insert(_ record: HubSpotContactRecord) {
        searchOrder = [:]
        if records[record.id] == nil {
            let position = orderedIds.last.map { $0 < record.id } ?? true
            if position { orderedIds.append(record.id) } else { insertSorted(record.id) }
        }
        records[record.id] = record
        if let key = record.emailKey, !record.isArchived { emailIndex[key] = record.id }
        nextId = max(nextId, record.id + 1)
    }

    private mutating func insertSorted(_ id: Int64) {
        var low = 0
        var high = orderedIds.count
        while low < high {
            let mid = (low + high) / 2
            if orderedIds[mid] < id { low = mid + 1 } else { high = mid }
        }
        orderedIds.insert(id, at: low)
    }

    /// The live (not archived) record for `id`, following merge aliases.
    func live(_ id: Int64) -> HubSpotContactRecord? {
        guard let record = records[canonical(id)], !record.isArchived else { return nil }
        return record
    }

    func canonical(_ id: Int64) -> Int64 {
        var current = id
        var hops = 0
        while let next = aliases[current], hops < 64 {
            current = next
            hops += 1
        }
        return current
    }

    /// Resolves an `{id}` path / input value: a numeric id, or an email when `idProperty == "email"`.
    func resolve(_ value: String, idProperty: String?) -> Int64? {
        if idProperty == "email" { return emailIndex[value.lowercased()] }
        if let property = idProperty, property != "hs_object_id" {
            return records.values.first { !$0.isArchived && $0.value(property) == value }?.id
        }
        guard let id = Int64(value) else { return nil }
        return live(id)?.id
    }

    func id(forEmail email: String) -> Int64? { emailIndex[email.lowercased()] }

    /// Creates a contact from validated properties.
    mutating func create(properties: [String: String], nowMs: Int64) throws(HubSpotStoreError) -> HubSpotContactRecord {
        if let email = properties["email"], !email.isEmpty, let existing = emailIndex[email.lowercased()] {
            throw .conflict(existingId: existing)
        }
        var record = HubSpotContactRecord(id: nextId, createdAtMs: nowMs, updatedAtMs: nowMs)
        for (name, value) in properties { record.set(name, value) }
        insert(record)
        return record
    }

    /// Applies validated properties to a live contact and bumps its modification time.
    mutating func update(id: Int64, properties: [String: String], nowMs: Int64)
        throws(HubSpotStoreError) -> HubSpotContactRecord
    {
        guard var record = live(id) else { throw .notFound(String(id)) }
        if let email = properties["email"], !email.isEmpty, let other = emailIndex[email.lowercased()],
            other != record.id
        {
            throw .conflict(existingId: other)
        }
        searchOrder = [:]
        if let old = record.emailKey { emailIndex[old] = nil }
        for (name, value) in properties { record.set(name, value) }
        record.updatedAtMs = max(nowMs, record.updatedAtMs)
        records[record.id] = record
        if let key = record.emailKey { emailIndex[key] = record.id }
        return record
    }

    /// Sets computed (read-only) properties such as `hs_email_optout`, bumping the modification time.
    mutating func setComputed(id: Int64, properties: [String: String], nowMs: Int64) {
        guard var record = live(id) else { return }
        searchOrder = [:]
        for (name, value) in properties { record.set(name, value) }
        record.updatedAtMs = max(nowMs, record.updatedAtMs)
        records[record.id] = record
    }

    /// Archives a live contact (DELETE); its email becomes free.
    @discardableResult
    mutating func archive(id: Int64, nowMs: Int64) -> Bool {
        guard var record = live(id) else { return false }
        searchOrder = [:]
        record.archivedAtMs = nowMs
        records[record.id] = record
        if let key = record.emailKey, emailIndex[key] == record.id { emailIndex[key] = nil }
        return true
    }

    /// Absorbs `secondary` into `primary`: the primary keeps its values and gains the secondary's missing ones,
    /// its email joins `hs_additional_emails`, ids join `hs_merged_object_ids`; the old id resolves to the primary.
    mutating func merge(primary: Int64, secondary: Int64, nowMs: Int64) throws(HubSpotStoreError)
        -> HubSpotContactRecord
    {
        guard var survivor = live(primary) else { throw .badMerge("Object \(primary) does not exist") }
        guard let absorbed = live(secondary) else { throw .badMerge("Object \(secondary) does not exist") }
        guard survivor.id != absorbed.id else { throw .badMerge("Cannot merge an object with itself") }
        searchOrder = [:]
        for (name, value) in absorbed.other where survivor.other[name] == nil { survivor.other[name] = value }
        if survivor.firstname == nil { survivor.firstname = absorbed.firstname }
        if survivor.lastname == nil { survivor.lastname = absorbed.lastname }
        if survivor.email == nil {
            survivor.email = absorbed.email
        } else if let extra = absorbed.email {
            let existing = survivor.other["hs_additional_emails"].map { $0 + ";" } ?? ""
            survivor.other["hs_additional_emails"] = existing + extra
        }
        survivor.mergedIds += [absorbed.id] + absorbed.mergedIds
        survivor.updatedAtMs = max(nowMs, survivor.updatedAtMs)
        records[absorbed.id] = nil
        aliases[absorbed.id] = survivor.id
        records[survivor.id] = survivor
        if let key = absorbed.emailKey { emailIndex[key] = survivor.id }
        if let key = survivor.emailKey { emailIndex[key] = survivor.id }
        return survivor
    }

    /// A page of the list endpoint: live (or only archived) contacts with id > `afterId`, ascending.
    func listPage(afterId: Int64, limit: Int, archived: Bool) -> (page: [HubSpotContactRecord], nextAfter: Int64?) {
        var low = 0
        var high = orderedIds.count
        while low < high {
            let mid = (low + high) / 2
            if orderedIds[mid] <= afterId { low = mid + 1 } else { high = mid }
        }
        var page: [HubSpotContactRecord] = []
        var index = low
        while index < orderedIds.count {
            if let record = records[orderedIds[index]], record.isArchived == archived {
                if page.count == limit { return (page, page.last?.id) }
                page.append(record)
            }
            index += 1
        }
        return (page, nil)
    }
}
