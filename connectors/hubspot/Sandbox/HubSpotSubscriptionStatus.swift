/// The recorded state of one address for one subscription type, with when it last changed.
struct HubSpotSubscriptionStatus: Sendable, Equatable {
    enum State: String, Sendable {
        case subscribed = "SUBSCRIBED"
        case unsubscribed = "UNSUBSCRIBED"
        case notSpecified = "NOT_SPECIFIED"
    }

    var state: State
    var legalBasis: String?
    var legalBasisExplanation: String?
    var changedAtMs: Int64
    /// v4 `source`, e.g. `PUBLIC_API`, `SEED`.
    var source: String
}
