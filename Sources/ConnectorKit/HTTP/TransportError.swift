/// A network-level failure: no complete HTTP response was received.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; decides whether a retry is safe.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectFailed, timedOut, connectionLost, invalidRequest, responseTooLarge, shutDown, other
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The connection could not be established; nothing was sent, a retry is always safe.
        public static let connectFailed = Code(.connectFailed)
        /// The request timed out; the vendor may or may not have processed it.
        public static let timedOut = Code(.timedOut)
        /// The connection broke after the request was (maybe) sent; the vendor may or may not have processed it.
        public static let connectionLost = Code(.connectionLost)
        /// The request could not be built (bad URL, bad header).
        public static let invalidRequest = Code(.invalidRequest)
        /// The body exceeded the transport's size limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The transport was shut down.
        public static let shutDown = Code(.shutDown)
        /// Anything else.
        public static let other = Code(.other)

        public var description: String { base.rawValue }

        /// Whether the request cannot have reached the vendor.
        public var requestNotSent: Bool { self == .connectFailed || self == .invalidRequest || self == .shutDown }
    }

    public var code: Code
    /// A short explanation without secrets (for example the underlying error's type and message).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "TransportError(\(code)): \(message)" }
}
