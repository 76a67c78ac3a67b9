/// Puts credentials on a resolved request; the client calls it before every attempt of a request with
/// `requiresAuth`.
public protocol AuthProvider: Sendable {
    /// Adds the credentials to `request` (typically a header).
    /// - Throws: what fetching a token threw (see `TokenProvider`).
    func authorize(_ request: inout TransportRequest) async throws

    /// The vendor rejected the credentials used on `request`; drop them so the next `authorize` gets fresh ones.
    func invalidate(rejected request: TransportRequest) async

    /// Whether new credentials can be obtained at all (`false` for a static key: a 401 then fails at once).
    var canRefresh: Bool { get }
}

/// Where a token goes on a request.
public enum TokenPlacement: Sendable {
    /// A header `name: prefix + token`, e.g. `Authorization: Bearer <token>`.
    case header(name: String, prefix: String)
    /// Anything else, done by the connector (for example replacing a placeholder in a SOAP envelope).
    case custom(@Sendable (_ request: inout TransportRequest, _ token: String) -> Void)

    /// `Authorization: Bearer <token>`.
    public static let bearer = TokenPlacement.header(name: "Authorization", prefix: "Bearer ")

    func apply(_ token: String, to request: inout TransportRequest) {
        switch self {
        case .header(let name, let prefix): request.headers.replaceOrAdd(name: name, value: prefix + token)
        case .custom(let place): place(&request, token)
        }
    }

    /// The token carried by `request`, when it can be read back.
    func token(in request: TransportRequest) -> String? {
        guard case .header(let name, let prefix) = self, let value = request.headers[name], value.hasPrefix(prefix)
        else {
            return nil
        }
        return String(value.dropFirst(prefix.count))
    }
}
