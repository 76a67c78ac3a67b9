import Hummingbird

/// A vendor-shaped error response that a handler throws; Hummingbird sends `body` with `status`.
public struct SandboxHTTPError: HTTPResponseError {
    /// HTTP status.
    public let status: HTTPResponse.Status
    /// The vendor's error body.
    public let body: JSONValue
    /// Extra headers (e.g. rate-limit headers).
    public let headers: HTTPFields

    /// An error answered with `status` and the JSON `body`.
    public init(status: HTTPResponse.Status, body: JSONValue, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The response sent for this error.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(body, status: status, headers: headers)
    }
}
