import Foundation
import Hummingbird
import SandboxKit

/// `POST /oauth/v1/token` (refresh-token grant), form-encoded.
///
/// Source: `oauth-v1.openapi.json` (TokenResponseIF / AccessTokenResponse); hubspot.md §2. Accepts client id
/// `sandbox-client-id`, secret `sandbox-client-secret`, refresh token `sandbox-refresh-token`; issues access tokens
/// living `expires_in` seconds (1800, or the `token-ttl` fault).
extension HubSpotAPI {
    static let clientId = "sandbox-client-id"
    static let clientSecret = "sandbox-client-secret"
    static let refreshToken = "sandbox-refresh-token"

    func registerOAuth(on router: Router<BasicRequestContext>) {
        router.post("/oauth/v1/token") { request, _ in try await token(request) }
    }

    private func token(_ request: Request) async throws -> Response {
        var request = request
        let form = try await request.sandboxFormBody()
        func refuse(_ status: String, _ message: String) -> Response {
            Response.json(
                [
                    "status": .string(status), "message": .string(message),
                    "correlationId": .string(HubSpotErrors.correlationId()),
                ], status: .badRequest)
        }
        guard form["grant_type"] == "refresh_token" else {
            return refuse("BAD_GRANT_TYPE", "grant_type must be refresh_token in this sandbox")
        }
        guard form["client_id"] == Self.clientId else { return refuse("BAD_CLIENT_ID", "missing or unknown client id") }
        guard form["client_secret"] == Self.clientSecret else {
            return refuse("BAD_CLIENT_SECRET", "missing or invalid client secret")
        }
        guard form["refresh_token"] == Self.refreshToken else {
            return refuse("BAD_REFRESH_TOKEN", "missing or unknown refresh token")
        }
        let accessToken = "CJSandbox-" + UUID().uuidString.lowercased()
        let expiresAt = state.clock.nowMilliseconds() + tokenLifetime * 1000
        state.data.withLock { $0.issuedTokens[accessToken] = expiresAt }
        return Response.json([
            "token_type": "bearer", "access_token": .string(accessToken), "refresh_token": .string(Self.refreshToken),
            "expires_in": .int(tokenLifetime), "token_use": "access_token", "hub_id": 100,
            "user_id": 1, "scopes": ["crm.objects.contacts.read", "crm.objects.contacts.write", "content"],
        ])
    }
}
