/// A token from a `TokenCache` (OAuth client credentials, refresh-token grants), refreshed on expiry or 401.
public struct OAuthBearerAuth: AuthProvider {
    /// The cache; connectors may read `cache.currentToken()` themselves (e.g. for a SOAP header or instance URLs).
    public let cache: TokenCache
    private let placement: TokenPlacement

    /// - Parameters:
    ///   - cache: the token cache for these credentials.
    ///   - placement: where the token goes; default `Authorization: Bearer <token>`.
    public init(cache: TokenCache, placement: TokenPlacement = .bearer) {
        self.cache = cache
        self.placement = placement
    }

    public func authorize(_ request: inout TransportRequest) async throws {
        let token = try await cache.currentToken()
        placement.apply(token.value, to: &request)
    }

    public func invalidate(rejected request: TransportRequest) async {
        await cache.invalidate(ifValue: placement.token(in: request))
    }

    public var canRefresh: Bool { true }
}
