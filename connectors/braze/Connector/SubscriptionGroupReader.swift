import ConnectorKit
import Foundation

/// Reads the configured subscription groups' states of up to 50 users:
/// `GET /subscription/status/get?subscription_group_id=<id>&external_id=<a>&external_id=<b>…`, one request per group,
/// answering `{"status": {"<a>": "Subscribed", "<b>": "Unknown"}, "message": "success"}` (capitalised, keyed by the
/// identifiers sent).
///
/// The states are attached to each exported user as `subscription_groups: [{subscription_group_id,
/// subscription_state}]` (lower-cased), the shape `/users/track` uses, so the raw profile kept for dead letters
/// maps again without a request.
///
/// Source: Braze docs `get_list_user_subscription_group_status.md`; spec operation `GET /subscription/status/get`.
struct SubscriptionGroupReader: Sendable {
    let client: VendorHTTPClient
    let groupIDs: [String]

    /// `users` with `subscription_groups` attached.
    /// - Throws: `ConnectorError` from the HTTP client, or `.malformedResponse` when `status` is missing.
    func attach(to users: [BrazeJSON]) async throws -> [BrazeJSON] {
        let ids = users.compactMap { $0["external_id"]?.scalarText }.filter { !$0.isEmpty }
        guard !groupIDs.isEmpty, !ids.isEmpty else { return users }
        var states: [String: [BrazeJSON]] = [:]
        for groupID in groupIDs {
            let query =
                [URLQueryItem(name: "subscription_group_id", value: groupID)]
                + ids.map { URLQueryItem(name: "external_id", value: $0) }
            let request = VendorRequest(
                .get, "/subscription/status/get", query: query, rateLimitBucket: BrazeRateLimits.shared,
                operation: BrazeOperation.subscriptionStatusGet
            )
            let body = try BrazeBody.object(
                try await client.send(request), operation: BrazeOperation.subscriptionStatusGet)
            guard case .object(let status) = body["status"] ?? .null else {
                throw ConnectorError(
                    .malformedResponse, "subscription status response has no \"status\" object",
                    operation: BrazeOperation.subscriptionStatusGet)
            }
            for (id, value) in status {
                guard let text = value.scalarText else { continue }
                states[id, default: []].append(
                    .object([
                        "subscription_group_id": .string(groupID), "subscription_state": .string(text.lowercased()),
                    ]))
            }
        }
        return users.map { user in
            guard case .object(var members) = user, let id = user["external_id"]?.scalarText, let groups = states[id]
            else {
                return user
            }
            members["subscription_groups"] = .array(groups)
            return .object(members)
        }
    }
}
