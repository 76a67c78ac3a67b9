import SandboxKit

extension BrazeSandboxData {
    static let identifierKeys: Set<String> = ["external_id", "user_alias", "braze_id", "email", "phone"]

    /// The profile a `/users/track` object addresses, creating it when Braze would (braze.md §3-4):
    /// by external_id (created unless `_update_existing_only` is true), braze_id (never created), user_alias
    /// (created only when `_update_existing_only` is explicitly false), email or phone (most recently updated
    /// profile with an external_id, else most recently updated, else a new email-/phone-only profile).
    /// Returns `nil` when the object should be skipped silently.
    mutating func resolve(_ object: JSONValue, nowMs: Int64) throws(BrazeItemProblem) -> String? {
        let updateOnly = object["_update_existing_only"]?.boolValue
        if let raw = object["external_id"], !raw.isNull {
            guard let externalId = raw.stringValue, !externalId.isEmpty else {
                throw BrazeItemProblem(type: "'external_id' must be a non-empty string")
            }
            if let existing = store.profile(externalId: externalId) { return existing.brazeId }
            if updateOnly == true { return nil }
            return create(nowMs: nowMs) { $0.externalId = externalId }
        }
        if let raw = object["braze_id"], !raw.isNull {
            guard let brazeId = raw.stringValue else { throw BrazeItemProblem(type: "'braze_id' must be a string") }
            return store.profile(brazeId: brazeId)?.brazeId
        }
        if let raw = object["user_alias"], !raw.isNull {
            guard let alias = BrazeAlias(json: raw) else {
                throw BrazeItemProblem(type: "'user_alias' must have 'alias_name' and 'alias_label'")
            }
            if let existing = store.profile(alias: alias) { return existing.brazeId }
            guard updateOnly == false else { return nil }
            return create(nowMs: nowMs) { $0.aliases = [alias] }
        }
        if let raw = object["email"], !raw.isNull {
            guard let email = raw.stringValue, BrazeAPI.isPlausibleEmail(email) else {
                throw BrazeItemProblem(type: "Invalid email address")
            }
            if let target = store.target(for: store.profiles(email: email)) { return target.brazeId }
            if updateOnly == true { return nil }
            let id = create(nowMs: nowMs) { $0.email = email }
            applyPendingEmailState(to: id)
            return id
        }
        if let raw = object["phone"], !raw.isNull {
            guard let phone = raw.stringValue, !phone.isEmpty else {
                throw BrazeItemProblem(type: "Invalid phone number")
            }
            if let target = store.target(for: store.profiles(phone: phone)) { return target.brazeId }
            if updateOnly == true { return nil }
            return create(nowMs: nowMs) { $0.phone = phone }
        }
        throw .missingIdentifier
    }

    private mutating func create(nowMs: Int64, _ configure: (inout BrazeProfile) -> Void) -> String {
        var profile = BrazeProfile(brazeId: store.newBrazeId(), createdAtMs: nowMs, updatedAtMs: nowMs)
        configure(&profile)
        store.put(profile)
        return profile.brazeId
    }

    /// `external_id:<id>`, else `braze_id:<id>`: the write log's object key for a profile.
    func profileKey(_ brazeId: String) -> String {
        store.profile(brazeId: brazeId)?.externalId.map { "external_id:\($0)" } ?? "braze_id:\(brazeId)"
    }
}
