import ConnectorKit
import SyncCore

/// Pushes one batch of mutations to Braze and returns exactly one outcome per mutation, in order.
///
/// 1. Target: the mutation's `recordKey` (`external_id`); without one, the address is looked up
///    (`EmailLookup`, then the person's other known addresses). An existing identified profile is not written unread: it is exported and returned as
///    `.exists(recordKey:current:)`, so the engine reconciles its values first and plans again. Without one, a
///    profile is created with `external_id = personRef` and `.applied(recordKey:)` returns that `external_id`.
/// 2. `/users/track` for attributes, channel-wide consent and events (`TrackItemBuilder`, `TrackWriter`).
/// 3. A channel-wide email opt-out also goes through `/email/status` (every profile sharing the address).
/// 4. Subscription group consent of existing profiles through `/v2/subscription/status/set`.
/// 5. Suppressions as the custom attribute `suppressionAttribute` (`hardBounce` / `spamComplaint`), or hard bounces
///    through `/email/blocklist` when `blocklistHardBounces` is on (Braze then also unsubscribes the address, which
///    VendorSync reads back as an opt-out). A spam complaint's opt-out reaches Braze as consent, like any opt-out.
struct BrazePush: Sendable {
    let configuration: BrazeConnector.Configuration
    let client: VendorHTTPClient

    func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        var board = PushOutcomeBoard()
        var creating = Set<Int>()
        try await resolveTargets(mutations, board: &board, creating: &creating)
        let builder = TrackItemBuilder(configuration: configuration)
        var items: [TrackItem] = []
        var optOuts = AddressTargets()
        var blocklist = AddressTargets()
        var groups: [String: SubscriptionGroupWriter.Target] = [:]
        for (index, mutation) in mutations.enumerated() where !board.hasFailed(index) {
            let key = board.keys[index] ?? mutation.personRef
            switch mutation.payload {
            case .event where !configuration.pushEvents:
                board.reject(index, "not supported by braze connector (pushEvents is off)")
                continue
            case .suppression(let suppression):
                guard suppression.channel == .email else {
                    board.reject(index, "suppression of \(suppression.channel.rawValue): not supported by braze connector")
                    continue
                }
                if configuration.blocklistHardBounces, suppression.reason == .hardBounce, let email = mutation.email, !email.isEmpty {
                    blocklist.add(email, index)
                } else if let attribute = configuration.suppressionAttribute {
                    let object: [String: BrazeJSON] = ["external_id": .string(key), attribute: .string(suppression.reason.rawValue)]
                    items.append(TrackItem(array: .attributes, object: object, mutation: index))
                } else {
                    board.reject(index, "suppression: no suppressionAttribute configured and blocklist not applicable")
                }
                continue
            case .consent(let consentKey, let record) where consentKey.topic != ConsentKey.channelWide:
                guard let groupID = groupID(for: consentKey), let state = SubscribeState(hub: record.state) else {
                    board.reject(index, "consent \(consentKey): not supported by braze connector")
                    continue
                }
                let brazeState = state == .optedIn ? "subscribed" : "unsubscribed"
                if creating.contains(index) {
                    var object: [String: BrazeJSON] = ["external_id": .string(key)]
                    if let email = mutation.email, !email.isEmpty { object["email"] = .string(email) }
                    object["subscription_groups"] = .array([
                        .object([
                            "subscription_group_id": .string(groupID), "subscription_state": .string(brazeState),
                        ])
                    ])
                    items.append(TrackItem(array: .attributes, object: object, mutation: index))
                } else {
                    groups["\(groupID)|\(brazeState)", default: .init(groupID: groupID, state: brazeState, members: [])]
                        .members.append((key, index))
                }
                continue
            case .consent(let consentKey, let record)
            where consentKey == ConsentKey(channel: .email) && record.state == .optedOut:
                if let email = mutation.email, !email.isEmpty { optOuts.add(email, index) }
            default:
                break
            }
            switch builder.build(mutation, index: index, externalID: key, creating: creating.contains(index)) {
            case .item(let item): items.append(item)
            case .rejected(let reason): board.reject(index, reason)
            }
        }
        try await TrackWriter(client: client, mode: configuration.trackBatchMode)
            .write(items, idempotencyKeys: mutations.map(\.idempotencyKey), into: &board)
        try await AddressListWriter.emailStatus(client, state: "unsubscribed").write(optOuts.targets, into: &board)
        try await AddressListWriter.blocklist(client).write(blocklist.targets, into: &board)
        try await SubscriptionGroupWriter(client: client)
            .write(groups.keys.sorted().compactMap { groups[$0] }, into: &board)
        return board.outcomes(count: mutations.count)
    }

    /// Sets the target `external_id` of every mutation, looking addresses up once per batch.
    private func resolveTargets(_ mutations: [Mutation], board: inout PushOutcomeBoard, creating: inout Set<Int>)
        async throws
    {
        let lookup = EmailLookup(client: client)
        var found: [String: String?] = [:]
        var current: [String: PulledItem] = [:]
        var failed: [String: ConnectorError] = [:]
        for (index, mutation) in mutations.enumerated() {
            if let key = mutation.recordKey, !key.isEmpty {
                board.target(index, key)
                continue
            }
            guard let email = mutation.email, !email.isEmpty else {
                board.target(index, mutation.personRef)
                creating.insert(index)
                continue
            }
            guard EmailAddress.isValid(email) else {
                board.reject(index, "email: not a valid address (record not found by key, cannot be looked up)")
                continue
            }
            let normalized = (try? EmailAddress.normalize(email)) ?? email.lowercased()
            if found[normalized] == nil, failed[normalized] == nil {
                do {
                    var key: String?
                    for address in [email] + mutation.otherEmails where key == nil {
                        key = try await lookup.externalID(for: address)
                    }
                    found[normalized] = .some(key)
                    if let key { current[normalized] = try await exported(key) }
                } catch let error as ConnectorError {
                    failed[normalized] = error
                }
            }
            if let error = failed[normalized] {
                board.retry(index, "address lookup failed: \(error.description)", afterMs: error.retryDelayMs)
            } else if let existing = found[normalized] ?? nil {
                switch current[normalized] {
                case let .change(change)?: board.exists(index, existing, change)
                case let .rejected(record)?: board.reject(index, "existing profile \(existing) cannot be read: \(record.reason)")
                case nil: board.retry(index, "existing profile \(existing) was not exported")
                }
            } else {
                board.target(index, mutation.personRef)
                creating.insert(index)
            }
        }
    }

    /// The existing profile `externalID` as the `profiles` stream maps it (subscription groups included).
    private func exported(_ externalID: String) async throws -> PulledItem? {
        let sweep = ProfileSweep(configuration: configuration, client: client, vendor: "braze")
        let groups = configuration.subscriptionGroups.keys.sorted()
        let users = try await SubscriptionGroupReader(client: client, groupIDs: groups).attach(to: try await sweep.export([externalID]))
        return users.first.map(ProfileMapper(configuration: configuration, vendor: "braze", stream: ProfileSweep.name).map)
    }

    private func groupID(for key: ConsentKey) -> String? {
        configuration.subscriptionGroups.sorted { $0.key < $1.key }.first { $0.value.key == key }?.key
    }
}

/// Addresses to write, each with the mutations it settles, in first-seen order and without duplicates.
struct AddressTargets: Sendable {
    private(set) var targets: [(email: String, mutations: [Int])] = []
    private var positions: [String: Int] = [:]

    mutating func add(_ email: String, _ mutation: Int) {
        let normalized = (try? EmailAddress.normalize(email)) ?? email.lowercased()
        if let position = positions[normalized] {
            targets[position].mutations.append(mutation)
        } else {
            positions[normalized] = targets.count
            targets.append((email, [mutation]))
        }
    }
}
