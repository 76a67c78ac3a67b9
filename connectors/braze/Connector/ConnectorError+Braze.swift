import ConnectorKit

extension ConnectorError {
    /// The minimum delay the failure asks for (ms), when its recovery is `retryLater(afterMs:)` with one.
    var retryDelayMs: Int64? {
        if case .retryLater(let afterMs) = recovery { return afterMs }
        return nil
    }
}
