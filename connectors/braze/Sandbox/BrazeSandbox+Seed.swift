import Foundation
import SandboxKit

extension BrazeSandbox {
    /// Loads a workspace from a seed directory in Braze's own formats (all files optional): `users.json`
    /// (`/users/export/ids` response), `unsubscribes.json` (`/email/unsubscribes` response), `hard_bounces.json`
    /// (`/email/hard_bounces` response). A profile's internal update time is the latest of its `created_at` and
    /// its unsubscribe time.
    /// - Throws: `BrazeSeedError` naming the file and problem.
    public static func loadSeed(from directory: URL, clock: SandboxClock = .system(), randomSeed: UInt64 = 1) throws
        -> BrazeSandboxState
    {
        var data = BrazeSandboxData(seed: randomSeed)
        let unsubscribes = try read(directory, "unsubscribes.json")?["emails"]?.arrayValue ?? []
        for entry in unsubscribes {
            guard let email = entry["email"]?.stringValue,
                let at = entry["unsubscribed_at"]?.stringValue.flatMap(BrazeFormats.parseTime)
            else { throw BrazeSeedError(file: "unsubscribes.json", problem: "entry without email or unsubscribed_at") }
            data.addresses.unsubscribes[email.lowercased()] = at
        }
        for entry in try read(directory, "hard_bounces.json")?["emails"]?.arrayValue ?? [] {
            guard let email = entry["email"]?.stringValue,
                let at = entry["hard_bounced_at"]?.stringValue.flatMap(BrazeFormats.parseTime)
            else { throw BrazeSeedError(file: "hard_bounces.json", problem: "entry without email or hard_bounced_at") }
            data.addresses.hardBounces[email.lowercased()] = at
        }
        for user in try read(directory, "users.json")?["users"]?.arrayValue ?? [] {
            data.store.put(try profile(user, unsubscribes: data.addresses.unsubscribes, ids: &data.store))
        }
        return BrazeSandboxState(data: data, clock: clock)
    }

    private static func read(_ directory: URL, _ name: String) throws -> JSONValue? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { return try JSONValue.parse(try Data(contentsOf: url)) } catch {
            throw BrazeSeedError(file: name, problem: "not valid JSON (\(error))")
        }
    }

    private static func profile(_ user: JSONValue, unsubscribes: [String: Int64], ids: inout BrazeStore) throws
        -> BrazeProfile
    {
        let created = user["created_at"]?.stringValue.flatMap(BrazeFormats.parseTime) ?? 0
        var profile = BrazeProfile(
            brazeId: user["braze_id"]?.stringValue ?? ids.newBrazeId(), createdAtMs: created,
            updatedAtMs: created)
        profile.externalId = user["external_id"]?.stringValue
        profile.aliases = (user["user_aliases"]?.arrayValue ?? []).compactMap { BrazeAlias(json: $0) }
        profile.email = user["email"]?.stringValue
        profile.phone = user["phone"]?.stringValue
        for field in BrazeProfile.standardFields { profile.standard[field] = user[field]?.stringValue }
        profile.emailSubscribe = user["email_subscribe"]?.stringValue ?? "subscribed"
        profile.pushSubscribe = user["push_subscribe"]?.stringValue ?? "subscribed"
        profile.customAttributes = user["custom_attributes"]?.objectValue ?? [:]
        if profile.emailSubscribe == "unsubscribed", let key = profile.emailKey, let at = unsubscribes[key] {
            profile.emailUnsubscribedAtMs = at
            profile.updatedAtMs = max(profile.updatedAtMs, at)
        }
        guard profile.externalId != nil || profile.email != nil || !profile.aliases.isEmpty else {
            throw BrazeSeedError(file: "users.json", problem: "user without external_id, email or alias")
        }
        return profile
    }
}
