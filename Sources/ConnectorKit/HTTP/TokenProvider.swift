/// The connector's knowledge of its vendor's token endpoint: fetches a fresh access token.
///
/// The provider builds the token request itself (absolute URL, form or JSON body with its client id/secret) and
/// sends it with the given transport — without rate limiting or retries; `TokenCache` makes sure it is called
/// once per refresh, not once per request.
public protocol TokenProvider: Sendable {
    /// Fetches a new token.
    /// - Parameter transport: the client's transport (so fixtures record and replay the token exchange too).
    /// - Throws: preferably `ConnectorError` (`.authentication` when the vendor rejected the client credentials,
    ///   `.transient` for 5xx); `TransportError` is passed through by the cache and mapped by the client.
    func fetchToken(using transport: any HTTPTransport) async throws -> AccessToken
}
