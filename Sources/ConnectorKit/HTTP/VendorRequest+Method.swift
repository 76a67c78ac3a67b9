extension VendorRequest {
    /// An HTTP method name.
    public struct Method: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

        public static let get = Method(rawValue: "GET")
        public static let head = Method(rawValue: "HEAD")
        public static let post = Method(rawValue: "POST")
        public static let put = Method(rawValue: "PUT")
        public static let patch = Method(rawValue: "PATCH")
        public static let delete = Method(rawValue: "DELETE")

        /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
        public var isIdempotent: Bool {
            ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(rawValue)
        }

        public var description: String { rawValue }
    }
}
