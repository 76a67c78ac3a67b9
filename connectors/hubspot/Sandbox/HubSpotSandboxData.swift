import SandboxKit

/// Everything the HubSpot emulator holds, guarded by one lock in `HubSpotSandboxState`.
struct HubSpotSandboxData: Sendable {
    var contacts = HubSpotContactStore()
    var consent = HubSpotConsentStore()
    var definitions: [HubSpotSubscriptionDefinition]
    var registry: HubSpotPropertyRegistry
    /// v1 email events, ascending by (`created`, `id`).
    var emailEvents: [JSONValue] = []
    /// Custom behavioural events received on `/events/v3/send`.
    var customEvents: [JSONValue] = []
    /// OAuth access token → expiry, epoch ms.
    var issuedTokens: [String: Int64] = [:]
    var searchIndexLagMs: Int64 = 0

    init(definitions: [HubSpotSubscriptionDefinition]) {
        self.definitions = definitions
        registry = HubSpotPropertyRegistry(subscriptionIds: definitions.map { String($0.id) })
    }

    func definition(_ id: Int64) -> HubSpotSubscriptionDefinition? {
        definitions.first { $0.id == id }
    }

    /// Copies the address's consent onto its contact (if any) as `hs_email_optout*` and bumps `lastmodifieddate`.
    mutating func reflectConsentOnContact(email: String, nowMs: Int64) {
        guard let id = contacts.id(forEmail: email) else { return }
        var properties = consent.contactProperties(for: email)
        if properties["hs_email_optout"] == nil { properties["hs_email_optout"] = "false" }
        contacts.setComputed(id: id, properties: properties, nowMs: nowMs)
    }

    /// Copies existing consent onto a contact that was just created, without bumping its time.
    mutating func applyConsentToNewContact(_ record: HubSpotContactRecord) -> HubSpotContactRecord {
        guard let email = record.email else { return record }
        let properties = consent.contactProperties(for: email)
        guard !properties.isEmpty else { return record }
        contacts.setComputed(id: record.id, properties: properties, nowMs: record.updatedAtMs)
        return contacts.live(record.id) ?? record
    }
}
