/// The field mapping table between HubSpot contact properties and hub canonical fields, plus the properties the
/// connector always reads. Documented in `connectors/hubspot/README.md`.
public enum HubSpotFieldMapping {
    /// HubSpot property → canonical field: `email`, `firstname`, `lastname`, `phone`, `country`, `city`,
    /// `lifecyclestage` → `email`, `first_name`, `last_name`, `phone`, `country`, `city`, `lifecycle_stage`.
    public static let defaultTable: [String: String] = [
        "email": "email", "firstname": "first_name", "lastname": "last_name", "phone": "phone",
        "country": "country", "city": "city", "lifecyclestage": "lifecycle_stage",
    ]

    /// Properties read besides the mapped ones: the object id, the modification time (the cursor), merges, the
    /// secondary addresses (`hs_additional_emails`, semicolon-separated: they identify the same person) and
    /// the email opt-out flags (`hs_email_optout`, `hs_email_optout_<id>` per managed subscription type).
    static func bookkeepingProperties(subscriptionIds: [String]) -> [String] {
        ["hs_object_id", "lastmodifieddate", "hs_merged_object_ids", "hs_additional_emails", "hs_email_optout"]
            + subscriptionIds.map { "hs_email_optout_\($0)" }
    }

    /// The properties to request: mapped, bookkeeping and extra ones, sorted and without duplicates.
    static func requestedProperties(_ configuration: HubSpotConnector.Configuration) -> [String] {
        let all =
            Array(configuration.fieldMapping.keys)
            + bookkeepingProperties(subscriptionIds: configuration.subscriptionTypes.map(\.id))
            + configuration.extraProperties
        return Array(Set(all)).sorted()
    }

    /// The reverse table, canonical field → HubSpot property (the first property in sorted order wins if two map
    /// to the same field).
    static func reverse(_ table: [String: String]) -> [String: String] {
        var reverse: [String: String] = [:]
        for property in table.keys.sorted() {
            guard let field = table[property], reverse[field] == nil else { continue }
            reverse[field] = property
        }
        return reverse
    }
}
