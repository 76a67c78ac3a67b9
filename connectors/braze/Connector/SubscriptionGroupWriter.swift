import ConnectorKit
import Foundation
import SyncCore

/// Sets subscription group states by `external_id`: `POST /v2/subscription/status/set`
/// `{"subscription_groups": [{"subscription_group_id", "subscription_state": "subscribed"|"unsubscribed",
/// "external_ids": [≤50]}]}`, one group and state per request.
///
/// Source: Braze docs `_docs/_api/endpoints/subscription_groups/post_update_user_subscription_group_status_v2.md`;
/// spec operation `POST /v2/subscription/status/set`. Rate limit 5,000 requests per minute.
struct SubscriptionGroupWriter: Sendable {
    let client: VendorHTTPClient

    /// One write: group, Braze state and the mutation indexes with their external ids.
    struct Target: Sendable {
        var groupID: String
        var state: String
        var members: [(externalID: String, mutation: Int)]
    }

    func write(_ targets: [Target], into board: inout PushOutcomeBoard) async throws {
        for target in targets {
            var start = 0
            while start < target.members.count {
                try Task.checkCancellation()
                let chunk = Array(target.members[start..<min(start + 50, target.members.count)])
                start += 50
                await send(target, chunk, into: &board)
            }
        }
    }

    private func send(
        _ target: Target, _ chunk: [(externalID: String, mutation: Int)], into board: inout PushOutcomeBoard
    ) async {
        let group: BrazeJSON = .object([
            "subscription_group_id": .string(target.groupID), "subscription_state": .string(target.state),
            "external_ids": .array(chunk.map { .string($0.externalID) }),
        ])
        do {
            var request = VendorRequest(
                .post, "/v2/subscription/status/set",
                body: try JSONEncoder.sorted.encode(BrazeJSON.object(["subscription_groups": .array([group])])),
                rateLimitBucket: BrazeRateLimits.subscriptionSet,
                idempotencyKey: IdempotencyKey.make(
                    target.groupID, target.state, chunk.map(\.externalID).joined(separator: ",")),
                operation: BrazeOperation.subscriptionSet
            )
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            let json = try BrazeBody.object(try await client.send(request), operation: BrazeOperation.subscriptionSet)
            let message = json["message"]?.string ?? ""
            if message != "success", message != "queued" {
                for member in chunk { board.retry(member.mutation, "subscription.status.set: \(vendorText(message))") }
            }
        } catch let error as ConnectorError {
            for member in chunk {
                board.retry(
                    member.mutation, "subscription.status.set failed: \(error.description)", afterMs: error.retryDelayMs
                )
            }
        } catch {
            for member in chunk { board.retry(member.mutation, "subscription.status.set failed: \(type(of: error))") }
        }
    }
}
