extension ConnectorError {
    /// The coarse kind of a `ConnectorError`. Open for new members without breaking `switch`es: compare with `==`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case transient, rateLimited, authentication, permanent, badRecord, malformedResponse, configuration,
                cancelled
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// A failure expected to go away by itself: 5xx, 408, timeouts, connection errors.
        /// Default recovery: retry later.
        public static let transient = Code(.transient)
        /// The vendor throttled us (429 or an exhausted quota). Default recovery: retry later (after the hinted time).
        public static let rateLimited = Code(.rateLimited)
        /// Credentials were rejected or lack permission (401 after one refresh, 403). Default recovery: fail.
        public static let authentication = Code(.authentication)
        /// The request cannot succeed as sent (most 4xx). Default recovery: fail.
        public static let permanent = Code(.permanent)
        /// One record was refused (validation error for an item). Default recovery: dead-letter the record.
        public static let badRecord = Code(.badRecord)
        /// The vendor answered something we could not parse. Default recovery: retry later.
        public static let malformedResponse = Code(.malformedResponse)
        /// Our own setup is wrong (bad base URL, missing credentials, fixture mismatch). Default recovery: fail.
        public static let configuration = Code(.configuration)
        /// The task was cancelled (shutdown). Default recovery: fail (the engine does not treat it as a vendor error).
        public static let cancelled = Code(.cancelled)

        /// The metric label, e.g. `"rateLimited"`.
        public var description: String { base.rawValue }

        /// The recovery a `ConnectorError` with this code gets unless told otherwise.
        public var defaultRecovery: Recovery {
            switch base {
            case .transient, .rateLimited, .malformedResponse: .retryLater(afterMs: nil)
            case .badRecord: .deadLetter
            case .authentication, .permanent, .configuration, .cancelled: .fail
            }
        }
    }
}
