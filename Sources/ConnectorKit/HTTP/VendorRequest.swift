import Foundation

/// A request as a connector describes it: no host resolution, no auth, no retries (the `VendorHTTPClient` adds them).
public struct VendorRequest: Sendable {
    /// The HTTP method.
    public var method: Method
    /// A path relative to the client's `baseURL` (already percent-encoded, starting with `/`), **or** an absolute
    /// `http(s)://` URL that replaces the base URL for this request (vendors with per-tenant or per-API hosts).
    public var path: String
    /// Query items, appended in order; names and values are percent-encoded by the client (RFC 3986 unreserved set,
    /// so `+` in an email becomes `%2B`).
    public var queryItems: [URLQueryItem]
    /// Extra headers (for example `Content-Type`, `SOAPAction`). The client adds the auth header itself.
    public var headers: VendorHeaders
    /// The body bytes, or `nil`.
    public var body: Data?
    /// The name of a declared `RateLimit` this request counts against (in addition to every limit declared with
    /// `appliesTo: .allRequests`). `nil`: only those.
    public var rateLimitBucket: String?
    /// A stable key that makes a retried write safe. Sent in the client's `idempotencyHeaderName` if one is
    /// configured; also allows the client to retry this non-idempotent method after an ambiguous transport failure
    /// (timeout, connection lost after sending).
    public var idempotencyKey: String?
    /// Whether the client's `AuthProvider` must authorize this request (`false` for token endpoints, public calls).
    public var requiresAuth: Bool
    /// A short, stable name for logs, metrics and `ConnectorError.operation`, e.g. `"contacts.search"`. Never put
    /// record data here. Defaults to the method alone.
    public var operation: String
    /// Overrides the client's default timeout for this request (whole request, connect to last body byte).
    public var timeout: Duration?
    /// Someone waits for this request (e.g. a fetch a webhook asked for): it may use the part of each rate limit
    /// kept back from bulk traffic (`RateLimit.reserve`). Default `false`.
    public var priority = false

    public init(
        _ method: Method,
        _ path: String,
        query: [URLQueryItem] = [],
        headers: VendorHeaders = [:],
        body: Data? = nil,
        rateLimitBucket: String? = nil,
        idempotencyKey: String? = nil,
        requiresAuth: Bool = true,
        operation: String? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.path = path
        self.queryItems = query
        self.headers = headers
        self.body = body
        self.rateLimitBucket = rateLimitBucket
        self.idempotencyKey = idempotencyKey
        self.requiresAuth = requiresAuth
        self.operation = operation ?? method.rawValue
        self.timeout = timeout
    }

    /// A JSON request: encodes `value` and sets `Content-Type: application/json`.
    /// - Throws: the `EncodingError` of `JSONEncoder`.
    public static func json<Body: Encodable>(
        _ method: Method,
        _ path: String,
        body value: Body,
        encoder: JSONEncoder = JSONEncoder(),
        rateLimitBucket: String? = nil,
        idempotencyKey: String? = nil,
        operation: String? = nil
    ) throws -> VendorRequest {
        var request = VendorRequest(
            method, path, body: try encoder.encode(value), rateLimitBucket: rateLimitBucket,
            idempotencyKey: idempotencyKey, operation: operation
        )
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return request
    }

    /// Percent-encodes one path segment (everything but RFC 3986 unreserved characters), e.g. an email used as an id.
    public static func encodePathSegment(_ segment: String) -> String {
        URLBuilder.percentEncode(segment)
    }
}
