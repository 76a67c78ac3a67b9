import Hummingbird
import SandboxKit

/// Subscription groups: `GET /subscription/user/status`, `GET /subscription/status/get`,
/// `POST /subscription/status/set`, `POST /v2/subscription/status/set`.
///
/// Source: Postman "Subscription Groups"; braze.md §6. `/subscription/user/status` answers `success` (not
/// `message`) with lower-case states and only groups with history; `/subscription/status/get` answers capitalised
/// `Subscribed` / `Unsubscribed` / `Unknown` keyed by the identifiers sent. An email shared by several profiles
/// updates all of them.
extension BrazeAPI {
    func registerSubscriptionGroups(on router: Router<BasicRequestContext>) {
        router.get("/subscription/user/status") { request, _ in try userStatus(request) }
        router.get("/subscription/status/get") { request, _ in try statusGet(request) }
        router.post("/subscription/status/set") { request, _ in
            let body = try await jsonObject(request)
            try setGroup(
                request, group: body, externalIds: body["external_id"], emails: body["email"], phones: body["phone"])
            return Self.success()
        }
        router.post("/v2/subscription/status/set") { request, _ in
            let body = try await jsonObject(request)
            guard let groups = body["subscription_groups"]?.arrayValue, !groups.isEmpty else {
                throw Self.fatal("subscription_groups is required")
            }
            for group in groups {
                try setGroup(
                    request, group: group, externalIds: group["external_ids"], emails: group["emails"],
                    phones: group["phones"])
            }
            return Self.success()
        }
    }

    private func profiles(_ data: BrazeSandboxData, externalIds: [String], emails: [String], phones: [String])
        -> [BrazeProfile]
    {
        externalIds.compactMap { data.store.profile(externalId: $0) }
            + emails.flatMap { data.store.profiles(email: $0) }
            + phones.flatMap { data.store.profiles(phone: $0) }
    }

    private func userStatus(_ request: Request) throws -> Response {
        let externalIds = request.queryList("external_id")
        let emails = request.queryList("email")
        let phones = request.queryList("phone")
        guard !(externalIds.isEmpty && emails.isEmpty && phones.isEmpty) else {
            throw Self.fatal("external_id, email or phone is required")
        }
        let limit = min(max(Int(request.query("limit") ?? "100") ?? 100, 1), 100)
        let offset = max(Int(request.query("offset") ?? "0") ?? 0, 0)
        let groups = state.data.withLock { data -> [String: String] in
            var merged: [String: String] = [:]
            let found =
                externalIds.isEmpty
                ? profiles(data, externalIds: [], emails: emails, phones: phones)
                : profiles(data, externalIds: externalIds, emails: [], phones: [])
            for profile in found.reversed() { merged.merge(profile.subscriptionGroups) { _, newer in newer } }
            return merged
        }
        let list = groups.keys.sorted().dropFirst(offset).prefix(limit).map { id -> JSONValue in
            ["subscription_group_id": .string(id), "subscription_status": .string(groups[id] ?? "unsubscribed")]
        }
        return Response.json(["success": true, "subscription_groups": .array(Array(list))])
    }

    private func statusGet(_ request: Request) throws -> Response {
        guard let groupId = request.query("subscription_group_id") else {
            throw Self.fatal("subscription_group_id is required")
        }
        let externalIds = request.queryList("external_id") + request.queryList("external_id[]")
        let emails = request.queryList("email") + request.queryList("email[]")
        let phones = request.queryList("phone") + request.queryList("phone[]")
        guard externalIds.count + emails.count + phones.count <= 50 else {
            throw Self.fatal("A maximum of 50 identifiers may be given")
        }
        let status = state.data.withLock { data -> [String: JSONValue] in
            var result: [String: JSONValue] = [:]
            func label(_ profiles: [BrazeProfile]) -> JSONValue {
                switch profiles.first(where: { $0.subscriptionGroups[groupId] != nil })?.subscriptionGroups[groupId] {
                case "subscribed": "Subscribed"
                case "unsubscribed": "Unsubscribed"
                default: "Unknown"
                }
            }
            for id in externalIds { result[id] = label(data.store.profile(externalId: id).map { [$0] } ?? []) }
            if externalIds.isEmpty {
                for email in emails { result[email] = label(data.store.profiles(email: email)) }
                for phone in phones { result[phone] = label(data.store.profiles(phone: phone)) }
            }
            return result
        }
        return Response.json(["status": .object(status), "message": "success"])
    }

    private func setGroup(
        _ request: Request, group: JSONValue, externalIds: JSONValue?, emails: JSONValue?,
        phones: JSONValue?
    ) throws {
        guard let groupId = group["subscription_group_id"]?.stringValue else {
            throw Self.fatal("subscription_group_id is required")
        }
        guard let wanted = group["subscription_state"]?.stringValue, wanted == "subscribed" || wanted == "unsubscribed"
        else {
            throw Self.fatal("subscription_state must be 'subscribed' or 'unsubscribed'")
        }
        let ids = Self.stringOrList(externalIds) ?? []
        let mails = Self.stringOrList(emails) ?? []
        let numbers = Self.stringOrList(phones) ?? []
        guard mails.isEmpty || numbers.isEmpty else {
            throw Self.fatal("Either an email address or a phone number should be provided, but not both.")
        }
        guard !(ids.isEmpty && mails.isEmpty && numbers.isEmpty) else {
            throw Self.fatal("external_id, email or phone is required")
        }
        guard ids.count <= 50, mails.count <= 50, numbers.count <= 50 else {
            throw Self.fatal("A maximum of 50 identifiers may be given")
        }
        let nowMs = state.clock.nowMilliseconds()
        let keys = state.data.withLock { data -> [String] in
            profiles(data, externalIds: ids, emails: mails, phones: numbers).map { found in
                var profile = found
                profile.subscriptionGroups[groupId] = wanted
                profile.updatedAtMs = max(profile.updatedAtMs, nowMs)
                data.store.put(profile)
                return data.profileKey(profile.brazeId)
            }
        }
        for key in keys {
            logWrite(request, objectKey: "\(key)#\(groupId)", effect: ["subscription_state": .string(wanted)])
        }
    }
}
