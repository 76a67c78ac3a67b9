extension ConnectorError {
    /// What the engine should do with the work that failed.
    public enum Recovery: Hashable, Sendable, CustomStringConvertible {
        /// Try the same work again later; `afterMs` is the minimum delay in milliseconds when the vendor said so
        /// (for example a `Retry-After` longer than the client is willing to wait in-process), `nil` for the
        /// engine's own backoff.
        case retryLater(afterMs: Int64?)
        /// Drop cached credentials and try again.
        case refreshCredentials
        /// Park the item in the dead-letter table with the reason; it will not succeed as is.
        case deadLetter
        /// Stop this run (or stream) and report; an operator has to act.
        case fail

        public var description: String {
            switch self {
            case .retryLater(let afterMs?): "retryLater(afterMs: \(afterMs))"
            case .retryLater(nil): "retryLater"
            case .refreshCredentials: "refreshCredentials"
            case .deadLetter: "deadLetter"
            case .fail: "fail"
            }
        }
    }
}
