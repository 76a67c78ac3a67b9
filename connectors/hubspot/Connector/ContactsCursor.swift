/// The `contacts` stream's cursor: the watermark of what was fully read, and the search query in progress.
///
/// Stored by the engine as JSON (`CursorToken` version `ContactsCursor.version`). The watermark is the greatest
/// (`lastmodifieddate`, `hs_object_id`) pair read so far and never moves backwards.
///
/// - Important: the cursor is persisted by the engine only, in the transaction of the page it follows.
struct ContactsCursor: Codable, Sendable, Equatable {
    /// Bumped when the shape changes; a stored cursor of another version restarts the stream.
    static let version = 1

    /// Greatest `lastmodifieddate` read (UTC ms); `nil` before the first record.
    var watermarkMs: Int64?
    /// Greatest `hs_object_id` read at `watermarkMs` (the tie-break).
    var watermarkId: Int64?
    /// The query being paged, `nil` between passes.
    var query: ContactsQuery?
    /// The first-run listing in progress (`initialListing`), `nil` otherwise.
    var listing: ContactsListing?
    /// When the search pass that set the watermark began (UTC ms, VendorSync's clock); `nil` in cursors written
    /// before it was kept. A record the search index had not shown yet during that pass was modified after
    /// `passStartedAtMs − lag`, so the next pass need not look back further than `passStartedAtMs − lookback`.
    var passStartedAtMs: Int64?

    /// Whether nothing has been read yet.
    var isFresh: Bool { watermarkMs == nil && query == nil && listing == nil }

    /// Raises the watermark to (`ms`, `id`) when that pair is greater; never lowers it.
    mutating func advance(ms: Int64, id: Int64) {
        guard let current = watermarkMs else {
            watermarkMs = ms
            watermarkId = id
            return
        }
        if ms > current {
            watermarkMs = ms
            watermarkId = id
        } else if ms == current, id > (watermarkId ?? Int64.min) {
            watermarkId = id
        }
    }
}

/// One CRM search query of a pass, and how far it was paged.
struct ContactsQuery: Codable, Sendable, Equatable {
    /// How the query filters.
    enum Kind: String, Codable, Sendable {
        /// `lastmodifieddate GTE fromMs` (a pass's first query, `fromMs` = watermark − lookback).
        case lookback
        /// `(lastmodifieddate EQ fromMs AND hs_object_id GT afterId) OR lastmodifieddate GT fromMs` — the restart
        /// after the 10,000-result cap.
        case restart
    }

    var kind: Kind
    /// The lower time bound (UTC ms).
    var fromMs: Int64
    /// The id tie-break of a `.restart` query.
    var afterId: Int64?
    /// HubSpot's `paging.next.after` for the next page (`nil` = first page).
    var after: String?
}

/// The first-run listing of every contact (`GET /crm/v3/objects/contacts`, ascending id).
struct ContactsListing: Codable, Sendable, Equatable {
    /// When the listing started (UTC ms); it becomes the watermark when the listing ends, so the following search
    /// passes (from watermark − lookback) re-read whatever changed while it ran.
    var startedAtMs: Int64
    /// HubSpot's `paging.next.after` for the next page (`nil` = first page).
    var after: String?
}
