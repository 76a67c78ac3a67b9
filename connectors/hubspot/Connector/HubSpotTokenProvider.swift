import ConnectorKit
import Foundation

/// Obtains OAuth access tokens with the refresh-token grant.
///
/// `POST /oauth/v1/token`, `application/x-www-form-urlencoded`: `grant_type=refresh_token`, `client_id`,
/// `client_secret`, `refresh_token` → `{access_token, refresh_token, expires_in (s), token_type}`.
/// Source: `oauth-v1.openapi.json` `POST /oauth/v1/token`; hubspot.md §2 (honour `expires_in`, ~30 min).
struct HubSpotTokenProvider: TokenProvider {
    let baseURL: URL
    let clientId: String
    let clientSecret: String
    let refreshToken: String
    let clock: EpochClock

    /// - Throws: `ConnectorError` `.authentication` when HubSpot refuses the grant (4xx), `.transient` for 5xx or
    ///   429, `.malformedResponse` for a body without `access_token` / `expires_in`.
    func fetchToken(using transport: any HTTPTransport) async throws -> AccessToken {
        let form = [
            ("grant_type", "refresh_token"), ("client_id", clientId), ("client_secret", clientSecret),
            ("refresh_token", refreshToken),
        ].map { "\($0.0)=\(VendorRequest.encodePathSegment($0.1))" }.joined(separator: "&")
        let request = TransportRequest(
            method: .post, url: baseURL.appendingPathComponent("oauth/v1/token"),
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Data(form.utf8)
        )
        let requestedAt = clock.nowMs()
        let response = try await transport.execute(request, timeout: .seconds(30))
        switch response.status {
        case 200..<300: break
        case 429, 500..<600:
            throw ConnectorError(
                .transient, "token endpoint unavailable", vendor: "hubspot", operation: "oauth.token",
                httpStatus: response.status)
        default:
            throw ConnectorError(
                .authentication, "refresh token grant refused", vendor: "hubspot", operation: "oauth.token",
                httpStatus: response.status)
        }
        guard let body = HubSpotJSON.object(response.body), let token = HubSpotJSON.string(body["access_token"]),
            let expiresIn = HubSpotJSON.string(body["expires_in"]).flatMap({ Int64($0) })
        else {
            throw ConnectorError(
                .malformedResponse, "token response without access_token or expires_in", vendor: "hubspot",
                operation: "oauth.token")
        }
        return AccessToken(value: token, expiresAtMs: requestedAt + expiresIn * 1000)
    }
}
