import ConnectorKit
import Foundation

/// Obtains access tokens with the client-credentials grant.
///
/// `POST {authBaseURL}/v2/token`, JSON `{grant_type: client_credentials, client_id, client_secret[, account_id]}` →
/// `{access_token, token_type, expires_in (s), scope, soap_instance_url, rest_instance_url}`. The instance URLs are
/// kept in the token's `metadata` (`soap_instance_url`, `rest_instance_url`). Source: sfmc.md §2 (access-token-s2s).
struct SFMCTokenProvider: TokenProvider {
    static let soapURLKey = "soap_instance_url"
    static let restURLKey = "rest_instance_url"

    let authBaseURL: URL
    let clientId: String
    let clientSecret: String
    let accountId: String?
    let clock: EpochClock

    /// - Throws: `ConnectorError` `.authentication` when SFMC refuses the credentials (4xx), `.transient` for 5xx
    ///   or 429, `.malformedResponse` for a body without `access_token`, `expires_in` or instance URLs.
    func fetchToken(using transport: any HTTPTransport) async throws -> AccessToken {
        var body: [String: String] = ["grant_type": "client_credentials", "client_id": clientId, "client_secret": clientSecret]
        if let accountId { body["account_id"] = accountId }
        let request = TransportRequest(
            method: .post, url: authBaseURL.appendingPathComponent("v2/token"),
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        )
        let requestedAt = clock.nowMs()
        let response = try await transport.execute(request, timeout: .seconds(30))
        switch response.status {
        case 200..<300: break
        case 429, 500..<600:
            throw ConnectorError(.transient, "token endpoint unavailable", vendor: "sfmc", operation: "auth.token",
                                 httpStatus: response.status)
        default:
            throw ConnectorError(.authentication, "client credentials refused", vendor: "sfmc", operation: "auth.token",
                                 httpStatus: response.status)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any],
              let token = object["access_token"] as? String, let expiresIn = Self.seconds(object["expires_in"]),
              let soap = object[Self.soapURLKey] as? String, let rest = object[Self.restURLKey] as? String
        else {
            throw ConnectorError(.malformedResponse, "token response without access_token, expires_in or instance URLs",
                                 vendor: "sfmc", operation: "auth.token")
        }
        return AccessToken(value: token, expiresAtMs: requestedAt + expiresIn * 1000,
                           metadata: [Self.soapURLKey: soap, Self.restURLKey: rest])
    }

    private static func seconds(_ value: Any?) -> Int64? {
        if let int = value as? Int { return Int64(int) }
        if let double = value as? Double { return Int64(double) }
        if let text = value as? String { return Int64(text) }
        return nil
    }
}
