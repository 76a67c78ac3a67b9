/// Everything recorded for one lower-cased email address.
struct HubSpotAddressConsent: Sendable, Equatable {
    var statuses: [Int64: HubSpotSubscriptionStatus] = [:]
    /// Portal-wide opt-out ("unsubscribe from all") and when it was set.
    var portalWideOptOutAtMs: Int64?
}
