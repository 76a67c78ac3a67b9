import Hummingbird
import SandboxKit

/// SFMC's REST error bodies. Source: sfmc.md §2–3 (auth_v2_token_responses sample, error-handling,
/// rate-limiting-errors).
enum SFMCRestErrors {
    static let documentation = "https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/error-handling.html"

    /// `/v2/token` with bad client credentials: 401 `invalid_client`.
    static func invalidClient() -> Response {
        Response.json([
            "error": "invalid_client",
            "error_description": "Client authentication failed. Make sure that the client ID and client secret are valid.",
            "error_uri": "https://developer.salesforce.com/docs",
        ], status: .unauthorized)
    }

    /// A malformed token request: 400 `invalid_request`.
    static func invalidRequest(_ description: String) -> Response {
        Response.json(["error": "invalid_request", "error_description": .string(description),
                       "error_uri": "https://developer.salesforce.com/docs"], status: .badRequest)
    }

    /// A REST call with a missing, unknown or expired bearer token: 401 errorcode 0 `Not Authorized`.
    static func notAuthorized() -> Response {
        Response.json(["documentation": .string(documentation), "errorcode": 0, "message": "Not Authorized"],
                      status: .unauthorized)
    }

    /// A REST validation error (400) with one of SFMC's custom codes (10000–10006).
    static func badRequest(_ message: String, code: Int64) -> Response {
        Response.json(["documentation": .string(documentation), "errorcode": .int(code), "message": .string(message)],
                      status: .badRequest)
    }

    /// Throttling: 429 errorcode 50100 with `retryAfter` (s) and `Retry-After`.
    static func rateLimited(retryAfterSeconds: Int64) -> Response {
        var headers = HTTPFields()
        headers.setSandboxField("Retry-After", String(retryAfterSeconds))
        return Response.json([
            "message": "Rate limit exceeded", "errorcode": 50100, "retryAfter": .int(retryAfterSeconds),
            "documentation": "https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/rate-limiting-errors.html",
        ], status: .tooManyRequests, headers: headers)
    }
}
