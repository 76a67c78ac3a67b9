import ConnectorKit
import Foundation

/// Finds the Braze user an email address (or phone number) belongs to: for mutations of records the hub does not
/// know at Braze yet, and for `invalid_phones` rows.
///
/// `POST /users/export/ids` with `email_address` (or `phone`) returns every profile holding it (Braze allows several).
/// Only profiles with an `external_id` can be written by key; among several, the oldest (`created_at`, then the
/// smallest `external_id`) is chosen so the choice is stable. Email-only (anonymous) profiles are not adopted.
///
/// Source: Braze docs `post_users_identifier.md` (`email_address`: one address per request).
struct EmailLookup: Sendable {
    let client: VendorHTTPClient

    /// The `external_id` of the profile to write for `email`, or `nil` when none has one.
    /// - Throws: `ConnectorError` from the HTTP client, or `.malformedResponse`.
    func externalID(for email: String) async throws -> String? {
        try await externalID(
            ExportRequest(
                externalIDs: nil, emailAddress: email, fieldsToExport: ["created_at", "email", "external_id"]))
    }

    /// The `external_id` of the oldest identified profile holding `phone` (E.164), or `nil`.
    /// - Throws: `ConnectorError` from the HTTP client, or `.malformedResponse`.
    func externalID(phone: String) async throws -> String? {
        try await externalID(
            ExportRequest(externalIDs: nil, phone: phone, fieldsToExport: ["created_at", "external_id", "phone"]))
    }

    private func externalID(_ body: ExportRequest) async throws -> String? {
        let request = try VendorRequest.json(
            .post, "/users/export/ids", body: body, encoder: JSONEncoder.sorted,
            rateLimitBucket: BrazeRateLimits.usersExportIDs, operation: BrazeOperation.usersExportIDs
        )
        let users = try BrazeBody.list(
            try await client.send(request), key: "users", operation: BrazeOperation.usersExportIDs, missingIsEmpty: true
        )
        let candidates = users.compactMap { user -> (created: Int64, id: String)? in
            guard let id = user["external_id"]?.scalarText, !id.isEmpty else { return nil }
            let created = user["created_at"]?.string.flatMap { try? VendorTimeBridge.parse($0) } ?? Int64.max
            return (created, id)
        }
        return candidates.min { ($0.created, $0.id) < ($1.created, $1.id) }?.id
    }
}
