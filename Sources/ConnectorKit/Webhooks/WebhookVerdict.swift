/// What a `WebhookReceiver` decided about one call.
public enum WebhookVerdict: Sendable, Equatable {
    /// Authentic: pull these streams of the receiver's vendor soon. `recordKeys` are the vendor keys the events
    /// name (informational: the pull reads from the stored cursor either way).
    case accepted(streams: Set<String>, recordKeys: [String])
    /// Not authentic or not fresh (answer 401, change nothing); `reason` is safe to log (no secret, no body).
    case unauthorized(reason: String)
    /// Authentic but unreadable (answer 400, change nothing).
    case malformed(reason: String)
}
