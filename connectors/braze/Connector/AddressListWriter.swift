import ConnectorKit
import Foundation
import SyncCore

/// Writes address-level changes that Braze applies to every profile sharing the address, 50 addresses per request.
///
/// - `POST /email/status {"email": [≤50], "subscription_state": "unsubscribed"}` (Braze docs
///   `post_email_subscription_status.md`): an opt-out reaches every profile with the address, and addresses not
///   on any profile yet.
/// - `POST /email/blocklist {"email": [≤50]}` (Braze docs `post_blocklist.md`): unsubscribes and marks hard bounced.
struct AddressListWriter: Sendable {
    let client: VendorHTTPClient
    let path: String
    let operation: String
    /// Extra body members (`subscription_state`).
    let extra: [String: BrazeJSON]

    static func emailStatus(_ client: VendorHTTPClient, state: String) -> AddressListWriter {
        AddressListWriter(
            client: client, path: "/email/status", operation: BrazeOperation.emailStatus,
            extra: ["subscription_state": .string(state)])
    }

    static func blocklist(_ client: VendorHTTPClient) -> AddressListWriter {
        AddressListWriter(
            client: client, path: "/email/blocklist", operation: BrazeOperation.emailBlocklist, extra: [:])
    }

    /// Writes every address of `targets` (address → mutation indexes) and marks failures on `board`.
    func write(_ targets: [(email: String, mutations: [Int])], into board: inout PushOutcomeBoard) async throws {
        var start = 0
        while start < targets.count {
            try Task.checkCancellation()
            let chunk = Array(targets[start..<min(start + 50, targets.count)])
            start += 50
            var body = extra
            body["email"] = .array(chunk.map { .string($0.email) })
            do {
                var request = VendorRequest(
                    .post, path, body: try JSONEncoder.sorted.encode(BrazeJSON.object(body)),
                    rateLimitBucket: BrazeRateLimits.shared,
                    idempotencyKey: IdempotencyKey.make(path, chunk.map(\.email).joined(separator: ",")),
                    operation: operation
                )
                request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
                let response = try await client.send(request)
                let json = try BrazeBody.object(response, operation: operation)
                let message = json["message"]?.string ?? ""
                guard message == "success" || message == "queued" else {
                    for target in chunk {
                        for index in target.mutations { board.retry(index, "\(operation): \(vendorText(message))") }
                    }
                    continue
                }
            } catch let error as ConnectorError {
                let afterMs = error.retryDelayMs
                for target in chunk {
                    for index in target.mutations {
                        board.retry(index, "\(operation) failed: \(error.description)", afterMs: afterMs)
                    }
                }
            }
        }
    }
}
