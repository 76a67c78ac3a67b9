import SandboxKit

/// The profiles of the emulated workspace with their identifier indexes (email and phone are not unique).
struct BrazeStore: Sendable {
    private(set) var profiles: [String: BrazeProfile] = [:]
    private(set) var byExternalId: [String: String] = [:]
    private(set) var byEmail: [String: [String]] = [:]
    private(set) var byPhone: [String: [String]] = [:]
    private(set) var byAlias: [BrazeAlias: String] = [:]
    var events: [String: [JSONValue]] = [:]
    var purchases: [String: [JSONValue]] = [:]
    private var idGenerator: SplitMix64

    init(seed: UInt64) {
        idGenerator = SplitMix64(seed: seed ^ 0xB4A2_E1D0)
    }

    /// A fresh 24-hex `braze_id`.
    mutating func newBrazeId() -> String {
        while true {
            let id = Self.hex(idGenerator.next(), digits: 16) + Self.hex(idGenerator.next() >> 32, digits: 8)
            if profiles[id] == nil { return id }
        }
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Stores `profile`, replacing any with the same `braze_id`, and reindexes it.
    mutating func put(_ profile: BrazeProfile) {
        if let old = profiles[profile.brazeId] { unindex(old) }
        profiles[profile.brazeId] = profile
        if let externalId = profile.externalId { byExternalId[externalId] = profile.brazeId }
        if let key = profile.emailKey { byEmail[key, default: []].append(profile.brazeId) }
        if let phone = profile.phone { byPhone[phone, default: []].append(profile.brazeId) }
        for alias in profile.aliases { byAlias[alias] = profile.brazeId }
    }

    private mutating func unindex(_ profile: BrazeProfile) {
        if let externalId = profile.externalId, byExternalId[externalId] == profile.brazeId {
            byExternalId[externalId] = nil
        }
        if let key = profile.emailKey { byEmail[key]?.removeAll { $0 == profile.brazeId } }
        if let phone = profile.phone { byPhone[phone]?.removeAll { $0 == profile.brazeId } }
        for alias in profile.aliases where byAlias[alias] == profile.brazeId { byAlias[alias] = nil }
    }

    func profile(externalId: String) -> BrazeProfile? { byExternalId[externalId].flatMap { profiles[$0] } }
    func profile(brazeId: String) -> BrazeProfile? { profiles[brazeId] }
    func profile(alias: BrazeAlias) -> BrazeProfile? { byAlias[alias].flatMap { profiles[$0] } }

    /// Every profile holding `email` (case-insensitive), most recently updated first.
    func profiles(email: String) -> [BrazeProfile] {
        (byEmail[email.lowercased()] ?? []).compactMap { profiles[$0] }.sorted { $0.updatedAtMs > $1.updatedAtMs }
    }

    /// Every profile holding `phone`, most recently updated first.
    func profiles(phone: String) -> [BrazeProfile] {
        (byPhone[phone] ?? []).compactMap { profiles[$0] }.sorted { $0.updatedAtMs > $1.updatedAtMs }
    }

    /// The profile a write by email (or phone) lands on: the most recently updated one with an external_id, else
    /// the most recently updated one (braze.md §3, `/users/track` FAQ).
    func target(for candidates: [BrazeProfile]) -> BrazeProfile? {
        candidates.first { $0.externalId != nil } ?? candidates.first
    }
}
