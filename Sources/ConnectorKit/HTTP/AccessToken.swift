/// An access token with its expiry, as returned by a `TokenProvider`.
public struct AccessToken: Sendable, Hashable {
    /// The token itself. Never log it.
    public var value: String
    /// When it expires, UTC epoch **milliseconds** (compute from `expires_in` seconds: `now + expires_in * 1000`).
    public var expiresAtMs: Int64
    /// Non-secret facts that came with the token, for the connector (e.g. per-tenant
    /// instance URLs returned next to the token). Read them back via `TokenCache.currentToken()`.
    public var metadata: [String: String]

    public init(value: String, expiresAtMs: Int64, metadata: [String: String] = [:]) {
        self.value = value
        self.expiresAtMs = expiresAtMs
        self.metadata = metadata
    }
}

extension AccessToken: CustomStringConvertible, CustomDebugStringConvertible {
    /// `AccessToken(REDACTED, expiresAtMs: …)`: the value is never printed.
    public var description: String { "AccessToken(REDACTED, expiresAtMs: \(expiresAtMs))" }
    public var debugDescription: String { description }
}
