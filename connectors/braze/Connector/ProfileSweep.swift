import ConnectorKit
import Foundation
import SyncCore

/// The `profiles` stream: a sweep over the Braze users the hub knows, `sweepBatchSize` (≤ 50) `external_ids` per
/// `POST /users/export/ids` with an explicit `fields_to_export`.
///
/// Braze has no "changed since" user listing, so a sweep is the only REST way to see attribute and global
/// subscription changes made in Braze. Keys come from `PullContext.knownRecordKeys` in ascending order; a pass
/// ends when they run out, and the next one starts after `sweepIntervalSeconds`. When subscription groups are
/// configured, their states are read for the same users (`SubscriptionGroupReader`, one request per group). Keys Braze reports in
/// `invalid_user_ids` (deleted or renamed users, or not yet visible) are skipped, not marked deleted.
///
/// Source: Braze docs `_docs/_api/endpoints/export/user_data/post_users_identifier.md`; spec operation
/// `POST /users/export/ids`.
struct ProfileSweep: Sendable {
    static let name = "profiles"

    let configuration: BrazeConnector.Configuration
    let client: VendorHTTPClient
    let vendor: VendorName

    /// The page after `token`.
    /// - Throws: `ConnectorError` from the HTTP client or `.malformedResponse`; whatever `knownRecordKeys` threw.
    func pull(after token: CursorToken?, context: PullContext) async throws -> Page {
        var cursor =
            try token?.decode(SweepCursor.self, expectedVersion: SweepCursor.version)
            ?? SweepCursor(pass: 0, after: nil, completedAt: nil)
        if cursor.after == nil, let completed = cursor.completedAt,
            context.now - completed < Int64(max(0, configuration.sweepIntervalSeconds)) * 1000
        {
            return Page(
                items: [], cursor: try token ?? CursorToken(version: SweepCursor.version, value: cursor), hasMore: false
            )
        }
        let batch = min(50, max(1, configuration.sweepBatchSize))
        let keys = try await context.knownRecordKeys(cursor.after, batch)
        if keys.isEmpty, cursor.after == nil {
            // The hub knows no Braze user yet: nothing to sweep, and no pass to count (see README, "bootstrap").
            return Page(items: [], cursor: try CursorToken(version: SweepCursor.version, value: cursor), hasMore: false)
        }
        if cursor.pass == 0, cursor.after == nil, cursor.completedAt == nil, configuration.segmentExport != nil,
            configuration.subscriptionGroups.isEmpty
        {
            // The segment load reads every field this sweep reads (it lacks only subscription groups, none here): the
            // first sweep is due one interval after the hub first knows Braze users, not at once (1M users = 80 min
            // of /users/export/ids at 250 per minute).
            cursor.completedAt = context.now
            return Page(items: [], cursor: try CursorToken(version: SweepCursor.version, value: cursor), hasMore: false)
        }
        var items: [PulledItem] = []
        if !keys.isEmpty {
            let groups = configuration.subscriptionGroups.keys.sorted()
            let users = try await SubscriptionGroupReader(client: client, groupIDs: groups).attach(
                to: try await export(keys))
            let mapper = ProfileMapper(configuration: configuration, vendor: vendor, stream: Self.name)
            items = users.map(mapper.map)
        }
        let hasMore = keys.count == batch
        if hasMore {
            cursor.after = keys.last
        } else {
            cursor = SweepCursor(pass: cursor.pass + 1, after: nil, completedAt: context.now)
        }
        return Page(
            items: items, cursor: try CursorToken(version: SweepCursor.version, value: cursor), hasMore: hasMore)
    }

    /// Exports the users with these `external_ids`.
    func export(_ externalIDs: [String]) async throws -> [BrazeJSON] {
        let body = ExportRequest(
            externalIDs: externalIDs, emailAddress: nil, fieldsToExport: Self.fields(configuration))
        let request = try VendorRequest.json(
            .post, "/users/export/ids", body: body, encoder: JSONEncoder.sorted,
            rateLimitBucket: BrazeRateLimits.usersExportIDs, operation: BrazeOperation.usersExportIDs
        )
        let response = try await client.send(request)
        return try BrazeBody.list(
            response, key: "users", operation: BrazeOperation.usersExportIDs, missingIsEmpty: true)
    }

    /// `fields_to_export`: the standard set plus any other top-level field the mapping names, sorted.
    static func fields(_ configuration: BrazeConnector.Configuration) -> [String] {
        let mapped = configuration.fieldMapping.values.filter { !$0.hasPrefix(BrazeFieldMapping.customPrefix) }
        return Set(BrazeFieldMapping.exportFields + mapped).sorted()
    }
}

/// The body of `POST /users/export/ids`: `external_ids` (≤ 50), `email_address` or `phone`, plus `fields_to_export`.
struct ExportRequest: Encodable, Sendable {
    var externalIDs: [String]?
    var emailAddress: String?
    var phone: String?
    var fieldsToExport: [String]

    init(externalIDs: [String]?, emailAddress: String? = nil, phone: String? = nil, fieldsToExport: [String]) {
        self.externalIDs = externalIDs
        self.emailAddress = emailAddress
        self.phone = phone
        self.fieldsToExport = fieldsToExport
    }

    enum CodingKeys: String, CodingKey {
        case externalIDs = "external_ids"
        case emailAddress = "email_address"
        case phone
        case fieldsToExport = "fields_to_export"
    }
}
