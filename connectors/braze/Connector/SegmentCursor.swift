/// The cursor of the `segment` stream.
///
/// While a load runs, `export` names the Braze export (`object_prefix`, its URL, when it was requested) and the
/// position in it: `file` (0-based index of the `.txt` entry, entries sorted by name) and `line` (lines of that
/// entry already handed to the engine). The engine stores it with each page, so a load stopped mid-way resumes
/// at the next unread line of the same export. When the load completes, `export` is cleared, `loads` counts it and
/// `completedAt` says when.
struct SegmentCursor: Codable, Sendable, Equatable {
    /// One export being read.
    struct Export: Codable, Sendable, Equatable {
        /// Braze's `object_prefix` of the export.
        var objectPrefix: String
        /// Where the ZIP is (or will be) downloadable.
        var url: String
        /// When the export was requested, UTC ms.
        var requestedAt: Int64
        /// The entry being read (0-based, in name order).
        var file: Int
        /// Lines of `file` already read.
        var line: Int
    }

    /// Completed loads.
    var loads: Int
    /// When the last load completed, UTC ms.
    var completedAt: Int64?
    /// The `object_prefix` of the last completed load (its spool file is removed on the next pull).
    var lastObjectPrefix: String?
    /// The load in progress, if any.
    var export: Export?

    /// The version stored with the cursor; bump when the shape changes.
    static let version = 1
}
