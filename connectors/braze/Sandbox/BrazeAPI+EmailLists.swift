import Hummingbird
import SandboxKit

/// `GET /email/unsubscribes`, `GET /email/hard_bounces`, `GET /sms/invalid_phone_numbers`, `POST /email/status`.
///
/// Source: Postman "Email Lists & Addresses" / "SMS"; braze.md §6. Lists need `end_date` plus `start_date` or the
/// address (dates `YYYY-MM-DD` = midnight UTC, both inclusive; with an address the dates are ignored); `limit`
/// ≤500 (default 100), `offset`, `sort_direction` (`desc` default). `/email/status` applies to every profile holding
/// the address and to addresses with no profile yet.
extension BrazeAPI {
    func registerEmailLists(on router: Router<BasicRequestContext>) {
        router.get("/email/unsubscribes") { request, _ in
            try listing(request, key: "emails", filterName: "email", timeName: "unsubscribed_at") { $0.unsubscribes }
        }
        router.get("/email/hard_bounces") { request, _ in
            try listing(request, key: "emails", filterName: "email", timeName: "hard_bounced_at") { $0.hardBounces }
        }
        router.get("/sms/invalid_phone_numbers") { request, _ in
            try listing(
                request, key: "sms", filterName: "phone_numbers", timeName: "invalid_detected_at", itemName: "phone"
            ) {
                $0.invalidPhones
            }
        }
        router.post("/email/status") { request, _ in try await emailStatus(request) }
        router.post("/email/blocklist") { request, _ in try await blocklist(request) }
    }

    private func listing(
        _ request: Request, key: String, filterName: String, timeName: String, itemName: String = "email",
        source: (BrazeAddressRecords) -> [String: Int64]
    ) throws -> Response {
        let filter = request.queryList(filterName).map { $0.lowercased() }
        guard let endText = request.query("end_date") else { throw Self.fatal("end_date is required") }
        guard let end = BrazeFormats.queryDate(endText) else {
            throw Self.fatal("end_date must be a date in YYYY-MM-DD format")
        }
        let startText = request.query("start_date")
        guard startText != nil || !filter.isEmpty else {
            throw Self.fatal("Either start_date or \(filterName) is required")
        }
        let start = try startText.map { text -> Int64 in
            guard let value = BrazeFormats.queryDate(text) else {
                throw Self.fatal("start_date must be a date in YYYY-MM-DD format")
            }
            return value
        }
        let limitText = request.query("limit") ?? "100"
        guard let limit = Int(limitText), limit >= 1, limit <= 500 else {
            throw Self.fatal("limit must be between 1 and 500")
        }
        guard let offset = Int(request.query("offset") ?? "0"), offset >= 0 else {
            throw Self.fatal("offset must be a non-negative integer")
        }
        let ascending = request.query("sort_direction") == "asc"
        let entries = state.data.withLock { source($0.addresses) }
        var matching = entries.filter { item in
            filter.isEmpty ? (item.value >= (start ?? .min) && item.value <= end) : filter.contains(item.key)
        }.map { (address: $0.key, at: $0.value) }
        matching.sort {
            ascending ? ($0.at, $0.address) < ($1.at, $1.address) : ($0.at, $0.address) > ($1.at, $1.address)
        }
        let page = matching.dropFirst(offset).prefix(limit).map { item -> JSONValue in
            [itemName: .string(item.address), timeName: .string(BrazeFormats.listTimestamp(item.at))]
        }
        return Response.json([key: .array(Array(page)), "message": "success"])
    }

    /// `POST /email/blocklist` `{email: [≤50]}`: unsubscribes the addresses from email and marks them hard bounced
    /// (they then appear in `/email/hard_bounces`). Source: Braze docs `post_blocklist.md`.
    private func blocklist(_ request: Request) async throws -> Response {
        let body = try await jsonObject(request)
        guard let emails = Self.stringOrList(body["email"]), !emails.isEmpty else { throw Self.fatal("email is required") }
        guard emails.count <= 50 else { throw Self.fatal("A maximum of 50 email addresses may be given") }
        guard emails.allSatisfy(Self.isPlausibleEmail) else { throw Self.fatal("Invalid email address") }
        let nowMs = self.state.clock.nowMilliseconds()
        let touched = self.state.data.withLock { data -> [String] in
            var keys: [String] = []
            for email in emails {
                let address = email.lowercased()
                if data.addresses.hardBounces[address] == nil { data.addresses.hardBounces[address] = nowMs }
                data.addresses.emailStates[address] = ("unsubscribed", nowMs)
                data.addresses.recordEmailState(email, state: "unsubscribed", atMs: nowMs)
                for profile in data.store.profiles(email: email) {
                    data.setEmailSubscribe("unsubscribed", on: profile.brazeId, nowMs: nowMs)
                    keys.append(data.profileKey(profile.brazeId))
                }
                keys.append("email:\(address)")
            }
            return keys
        }
        for key in touched { logWrite(request, objectKey: key, effect: ["blocklisted": .bool(true)]) }
        return Self.success()
    }

    private func emailStatus(_ request: Request) async throws -> Response {
        let body = try await jsonObject(request)
        guard let emails = Self.stringOrList(body["email"]), !emails.isEmpty else {
            throw Self.fatal("email is required")
        }
        guard emails.count <= 50 else { throw Self.fatal("A maximum of 50 email addresses may be given") }
        guard let state = body["subscription_state"]?.stringValue, Self.emailStates.contains(state) else {
            throw Self.fatal("subscription_state must be one of 'subscribed', 'unsubscribed' or 'opted_in'")
        }
        guard emails.allSatisfy(Self.isPlausibleEmail) else { throw Self.fatal("Invalid email address") }
        let nowMs = self.state.clock.nowMilliseconds()
        let touched = self.state.data.withLock { data -> [String] in
            var keys: [String] = []
            for email in emails {
                data.addresses.emailStates[email.lowercased()] = (state, nowMs)
                data.addresses.recordEmailState(email, state: state, atMs: nowMs)
                for profile in data.store.profiles(email: email) {
                    data.setEmailSubscribe(state, on: profile.brazeId, nowMs: nowMs)
                    keys.append(data.profileKey(profile.brazeId))
                }
                keys.append("email:\(email.lowercased())")
            }
            return keys
        }
        for key in touched { logWrite(request, objectKey: key, effect: ["email_subscribe": .string(state)]) }
        return Self.success()
    }
}
