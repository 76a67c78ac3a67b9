import SyncCore

/// A global channel state of a Braze profile (`email_subscribe`, `push_subscribe`) and its hub meaning.
///
/// | Braze | hub | time |
/// |---|---|---|
/// | `opted_in` | `.optedIn` (explicit) | `<channel>_opted_in_at` when exported, else `created_at` (lower bound) |
/// | `subscribed` | `.unknown` (Braze's default: neither yes nor no) | `created_at` |
/// | `unsubscribed` | `.optedOut` | `<channel>_unsubscribed_at` when exported, else `nil` (the engine then counts it as now) |
///
/// Source: Braze docs user attributes object, `vendor-reference/braze.md` §6.
enum SubscribeState: String, Sendable, CaseIterable {
    case optedIn = "opted_in"
    case subscribed
    case unsubscribed

    /// The hub state.
    var hubState: ConsentState {
        switch self {
        case .optedIn: .optedIn
        case .subscribed: .unknown
        case .unsubscribed: .optedOut
        }
    }

    /// The Braze value for a hub state; `nil` for `.unknown` (never pushed: it would not be a choice).
    init?(hub state: ConsentState) {
        switch state {
        case .optedIn: self = .optedIn
        case .optedOut: self = .unsubscribed
        case .unknown: return nil
        }
    }

    /// The observation for `channel` of an exported `user`.
    func observation(channel: Channel, user: BrazeJSON, createdAt: UTCMillis?) -> ConsentObservation {
        let at: UTCMillis?
        switch self {
        case .optedIn: at = time(user, "\(channel.rawValue)_opted_in_at") ?? createdAt
        case .subscribed: at = createdAt
        case .unsubscribed: at = time(user, "\(channel.rawValue)_unsubscribed_at")
        }
        return ConsentObservation(
            key: ConsentKey(channel: channel), state: hubState, at: at,
            evidence: "\(channel.rawValue)_subscribe=\(rawValue)"
        )
    }

    private func time(_ user: BrazeJSON, _ field: String) -> UTCMillis? {
        user[field]?.string.flatMap { try? VendorTimeBridge.parse($0, field: field) }
    }
}
