/// The cursor of the `profiles` sweep.
///
/// `(pass, after)` only grows: within a pass `after` is the last `external_id` swept (ascending, as the hub lists
/// them); at the end of a pass `pass` is incremented, `after` cleared and `completedAt` set, and the next pass
/// starts once `sweepIntervalSeconds` have gone by.
struct SweepCursor: Codable, Sendable, Equatable {
    /// Passes completed before the current one.
    var pass: Int
    /// The last key swept in the current pass; `nil` at its start.
    var after: String?
    /// When the last pass completed (UTC ms), if one did.
    var completedAt: Int64?

    /// The version stored with the cursor; bump when the shape changes.
    static let version = 1
}
