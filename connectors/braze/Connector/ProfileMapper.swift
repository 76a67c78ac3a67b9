import SyncCore

/// Maps one user of `POST /users/export/ids` to a hub change, or rejects it with the reason.
///
/// - `external_id` is the record key (a user without one is rejected: the hub keys Braze records by it);
///   `braze_id` and each `user_aliases` entry go to `aliases` (`braze_id`, `alias:<label>`).
/// - Mapped fields (see `BrazeFieldMapping`) become attributes; a missing field is an empty value. Braze keeps no
///   per-attribute modification time, so every attribute gets `created_at` as its time: a lower bound, which
///   makes a Braze value lose to any value another vendor changed later.
/// - `email_subscribe` / `push_subscribe` (see `SubscribeState`); `subscription_groups` as attached by
///   `SubscriptionGroupReader`, for configured groups only.
/// - A profile holding a string longer than `maxAttributeBytes` anywhere, a mapped field that is an array or
///   object, or an unreadable `created_at` is rejected; other users of the page are mapped normally.
///
/// Source: Braze docs `_docs/_api/endpoints/export/user_data/post_users_identifier.md` (user export object).
struct ProfileMapper: Sendable {
    /// Subscription group states (lower-cased) → hub states: a group state is an explicit choice; `unknown` means
    /// the user never had one. No time is known for either.
    static let groupStates: [String: ConsentState] = [
        "subscribed": .optedIn, "unsubscribed": .optedOut, "unknown": .unknown,
    ]

    let configuration: BrazeConnector.Configuration
    let vendor: VendorName
    let stream: String

    func map(_ user: BrazeJSON) -> PulledItem {
        let raw = user.text
        let key = user["external_id"]?.scalarText.flatMap { $0.isEmpty ? nil : $0 }
        func reject(_ reason: String) -> PulledItem {
            .rejected(RejectedRecord(vendor: vendor, stream: stream, recordKey: key, reason: reason, raw: raw))
        }
        guard case .object = user else { return reject("user: not a JSON object") }
        guard let key else { return reject("external_id: missing (only identified users are synchronised)") }
        if let longest = user.longestString(), longest.bytes > configuration.maxAttributeBytes {
            return reject(
                "\(longest.path): value of \(longest.bytes) bytes exceeds the \(configuration.maxAttributeBytes)-byte limit"
            )
        }
        var createdAt: UTCMillis?
        if let text = user["created_at"]?.string {
            guard let parsed = try? VendorTimeBridge.parse(text, field: "created_at") else {
                return reject("created_at: unparseable timestamp \"\(text.prefix(40))\"")
            }
            createdAt = parsed
        }
        var change = RemoteChange(vendor: vendor, stream: stream, recordKey: key, raw: raw)
        change.email = user["email"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        if let brazeID = user["braze_id"]?.string, !brazeID.isEmpty { change.aliases["braze_id"] = brazeID }
        for alias in user["user_aliases"]?.array ?? [] {
            if let label = alias["alias_label"]?.string, let name = alias["alias_name"]?.string {
                change.aliases["alias:\(label)"] = name
            }
        }
        for (canonical, brazeField) in configuration.fieldMapping.sorted(by: { $0.key < $1.key }) {
            let value = BrazeFieldMapping.value(of: brazeField, in: user) ?? .null
            if case .null = value {
                change.attributes[canonical] = AttributeValue(nil, at: createdAt)
                continue
            }
            guard let text = value.scalarText else {
                return reject("\(brazeField): unsupported JSON type \(value.typeName)")
            }
            change.attributes[canonical] = AttributeValue(text, at: createdAt)
        }
        for channel in [Channel.email, .push] {
            let field = "\(channel.rawValue)_subscribe"
            guard let value = user[field], value != .null else { continue }
            guard let text = value.string, let state = SubscribeState(rawValue: text) else {
                return reject("\(field): unknown value \"\((value.scalarText ?? value.typeName).prefix(40))\"")
            }
            change.consent.append(state.observation(channel: channel, user: user, createdAt: createdAt))
        }
        for entry in user["subscription_groups"]?.array ?? [] {
            guard let id = entry["subscription_group_id"]?.string, let topic = configuration.subscriptionGroups[id]
            else { continue }
            let text = entry["subscription_state"]?.string ?? ""
            guard let state = Self.groupStates[text] else {
                return reject("subscription group \(id): unknown state \"\(text.prefix(40))\"")
            }
            change.consent.append(
                ConsentObservation(
                    key: topic.key, state: state, at: nil, evidence: "subscription_group \(id)=\(text)"
                ))
        }
        return .change(change)
    }
}
