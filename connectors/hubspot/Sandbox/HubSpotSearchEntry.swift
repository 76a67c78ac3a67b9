/// The numeric facts of a live contact that most searches filter and sort on, kept in a cached, pre-sorted array
/// so an incremental `lastmodifieddate` search scans plain integers instead of records.
struct HubSpotSearchEntry: Sendable {
    var id: Int64
    var createdAtMs: Int64
    var updatedAtMs: Int64

    static let numericProperties: Set<String> = ["lastmodifieddate", "createdate", "hs_object_id"]

    /// The entry's value of a numeric property (`nil` for any other property).
    func value(_ property: String) -> Int64? {
        switch property {
        case "lastmodifieddate": updatedAtMs
        case "createdate": createdAtMs
        case "hs_object_id": id
        default: nil
        }
    }
}

extension HubSpotSearchEntry {
    /// A numeric property resolved once per request, so scanning a million entries compares integers only.
    enum Field: Sendable {
        case lastModified, created, objectId

        init?(_ property: String) {
            switch property {
            case "lastmodifieddate": self = .lastModified
            case "createdate": self = .created
            case "hs_object_id": self = .objectId
            default: return nil
            }
        }
    }

    /// The entry's value of `field`.
    func value(_ field: Field) -> Int64 {
        switch field {
        case .lastModified: updatedAtMs
        case .created: createdAtMs
        case .objectId: id
        }
    }
}
