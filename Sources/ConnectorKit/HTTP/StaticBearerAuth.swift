/// A long-lived key or token that cannot be refreshed (a private-app token, a REST API key).
public struct StaticBearerAuth: AuthProvider {
    private let token: String
    private let placement: TokenPlacement

    /// - Parameters:
    ///   - token: the secret; never logged.
    ///   - placement: where it goes; default `Authorization: Bearer <token>`.
    public init(token: String, placement: TokenPlacement = .bearer) {
        self.token = token
        self.placement = placement
    }

    public func authorize(_ request: inout TransportRequest) async throws {
        placement.apply(token, to: &request)
    }

    public func invalidate(rejected request: TransportRequest) async {}

    public var canRefresh: Bool { false }
}
