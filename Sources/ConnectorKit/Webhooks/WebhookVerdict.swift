/// What a `WebhookReceiver` decided about one call.
public enum WebhookVerdict: Sendable, Equatable {
    /// Authentic: these streams of the receiver's vendor changed. `recordKeys` are the vendor keys the events name:
    /// the daemon reads them at once where the connector can read a stream by key (`RecordFetching`), and wakes
    /// the stream's poller otherwise (which reads from its stored cursor).
    case accepted(streams: Set<String>, recordKeys: [String])
    /// Not authentic or not fresh (answer 401, change nothing); `reason` is safe to log (no secret, no body).
    case unauthorized(reason: String)
    /// Authentic but unreadable (answer 400, change nothing).
    case malformed(reason: String)
}
