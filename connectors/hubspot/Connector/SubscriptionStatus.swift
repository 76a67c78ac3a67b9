/// One subscription status of an address, as v3 or v4 of the communication-preferences API reports it.
///
/// Source: `communication-preferences-v3.openapi.json` `PublicSubscriptionStatus` (`status` `SUBSCRIBED` |
/// `NOT_SUBSCRIBED`, `sourceOfStatus`), `communication-preferences-v4.openapi.json` `PublicStatus` (`status`
/// `SUBSCRIBED` | `UNSUBSCRIBED` | `NOT_SPECIFIED`, `source`, `timestamp`).
struct SubscriptionStatus: Sendable, Equatable {
    /// The subscription type id.
    var id: String
    /// The raw status word.
    var status: String
    /// v3 `sourceOfStatus` or v4 `source`.
    var source: String?
    /// The legal basis; `nil` when unset (HubSpot sends `null` or `""`).
    var legalBasis: String?
    /// v4 `timestamp` (UTC ms); v3 has none.
    var atMs: Int64?

    /// The address is under a portal-wide (or brand-wide) opt-out according to this status.
    var isPortalWide: Bool { source == "PORTAL_WIDE_STATUS" || source == "BRAND_WIDE_STATUS" }
}
