/// How many objects one `/users/track` request may carry (braze.md §4; contracts differ, so it is configurable).
public enum BrazeTrackLimitMode: Sendable, Equatable {
    /// Legacy: up to `n` attributes + `n` events + `n` purchases (default 75 each).
    case perArray(Int)
    /// Newer plans: up to `n` objects across the three arrays (75; 50 for MAU CY 24-25 contracts).
    case combined(Int)

    /// The default legacy mode, 75 per array.
    public static let standard = BrazeTrackLimitMode.perArray(75)

    func exceeded(attributes: Int, events: Int, purchases: Int) -> Bool {
        switch self {
        case .perArray(let limit): attributes > limit || events > limit || purchases > limit
        case .combined(let limit): attributes + events + purchases > limit
        }
    }
}
