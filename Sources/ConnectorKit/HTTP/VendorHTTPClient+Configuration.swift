extension VendorHTTPClient {
    /// Settings that are not collaborators.
    public struct Configuration: Sendable {
        /// The timeout of one attempt unless the request sets its own. Default 30 s.
        public var defaultTimeout: Duration
        /// If set, a request's `idempotencyKey` is sent in this header (for vendors that support one).
        public var idempotencyHeaderName: String?
        /// Sent as `User-Agent` unless the request sets one. Default `"VendorSync"`.
        public var userAgent: String?

        public init(
            defaultTimeout: Duration = .seconds(30), idempotencyHeaderName: String? = nil,
            userAgent: String? = "VendorSync"
        ) {
            self.defaultTimeout = defaultTimeout
            self.idempotencyHeaderName = idempotencyHeaderName
            self.userAgent = userAgent
        }
    }
}
