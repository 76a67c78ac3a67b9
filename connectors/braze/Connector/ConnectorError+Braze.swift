import ConnectorKit

extension ConnectorError {
    /// The minimum delay the failure asks for (ms), when its recovery is `retryLater(afterMs:)` with one.
    var retryDelayMs: Int64? {
        if case .retryLater(let afterMs) = recovery { return afterMs }
        return nil
    }
}

/// Braze's own message text, shortened to `limit` characters with secrets redacted and email addresses masked,
/// for outcome reasons and errors (which end up in dead letters and logs).
func vendorText(_ text: String, limit: Int = 200) -> String {
    Redactor.default.redact(text: String(text.prefix(limit)), emails: .mask)
}
