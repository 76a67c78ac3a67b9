/// A per-object problem in `/users/track`, reported as `{"type", "input_array", "index"}` while the rest applies.
struct BrazeItemProblem: Error, Sendable, Equatable {
    var type: String

    static let missingIdentifier = BrazeItemProblem(
        type: "'external_id', 'braze_id', 'user_alias', 'email' or 'phone' is required")
}
