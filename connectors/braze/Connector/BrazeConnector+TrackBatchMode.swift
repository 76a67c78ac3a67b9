extension BrazeConnector.Configuration {
    /// How many objects one `POST /users/track` request may carry; depends on the Braze contract.
    ///
    /// Source: Braze docs `post_user_track.md` and the API limits page (see `vendor-reference/braze.md` §4).
    public enum TrackBatchMode: String, Codable, Sendable, CaseIterable {
        /// Legacy contracts: up to 75 attribute objects and 75 event objects per request.
        case perArray75
        /// Newer rate-limit plans: 75 objects in total across the arrays.
        case combined75
        /// "Monthly Active Users CY 24-25" contracts: 50 objects in total across the arrays.
        case combined50

        /// The most mutations one push batch carries (75 or 50).
        public var limit: Int { self == .combined50 ? 50 : 75 }

        /// Whether adding one more object to an array holding `arrayCount`, in a request holding `totalCount`
        /// objects, stays within the mode's limit.
        func fits(arrayCount: Int, totalCount: Int) -> Bool {
            switch self {
            case .perArray75: arrayCount < 75
            case .combined75: totalCount < 75
            case .combined50: totalCount < 50
            }
        }
    }
}
