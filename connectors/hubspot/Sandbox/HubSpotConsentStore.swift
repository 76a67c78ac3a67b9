/// Subscription statuses keyed by lower-cased email, independent of contacts (HubSpot attaches status to the
/// address, so it applies to addresses without a contact and to contacts created later).
struct HubSpotConsentStore: Sendable {
    private(set) var addresses: [String: HubSpotAddressConsent] = [:]

    func consent(for email: String) -> HubSpotAddressConsent {
        addresses[email.lowercased()] ?? HubSpotAddressConsent()
    }

    mutating func set(email: String, subscriptionId: Int64, status: HubSpotSubscriptionStatus) {
        addresses[email.lowercased(), default: HubSpotAddressConsent()].statuses[subscriptionId] = status
    }

    mutating func setPortalWideOptOut(email: String, atMs: Int64?) {
        addresses[email.lowercased(), default: HubSpotAddressConsent()].portalWideOptOutAtMs = atMs
    }

    /// The contact properties the consent implies: `hs_email_optout` and `hs_email_optout_<id>`.
    func contactProperties(for email: String) -> [String: String] {
        let consent = consent(for: email)
        var properties: [String: String] = [:]
        for (id, status) in consent.statuses {
            switch status.state {
            case .subscribed: properties["hs_email_optout_\(id)"] = "false"
            case .unsubscribed: properties["hs_email_optout_\(id)"] = "true"
            case .notSpecified: break
            }
        }
        if consent.portalWideOptOutAtMs != nil { properties["hs_email_optout"] = "true" }
        return properties
    }
}
