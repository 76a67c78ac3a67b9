import Foundation
import Hummingbird
import SandboxKit

extension SFMCAPI {
    /// `POST /v2/token` (JSON): client credentials → `{access_token, token_type, expires_in, scope,
    /// soap_instance_url, rest_instance_url}` with both instance URLs pointing back at this sandbox.
    /// Source: sfmc.md §2 (access-token-s2s).
    func token(_ request: Request) async throws -> Response {
        var request = request
        guard let body = try await request.sandboxJSONBody(), case .object = body else {
            return SFMCRestErrors.invalidRequest("The request body must be JSON.")
        }
        guard body["grant_type"]?.stringValue == "client_credentials" else {
            return Response.json(["error": "unsupported_grant_type", "error_description": "Use client_credentials.",
                                  "error_uri": "https://developer.salesforce.com/docs"], status: .badRequest)
        }
        guard body["client_id"]?.stringValue == credentials.clientId,
              body["client_secret"]?.stringValue == credentials.clientSecret
        else { return SFMCRestErrors.invalidClient() }
        if let account = body["account_id"], !account.isNull {
            let text = account.stringValue ?? account.intValue.map(String.init)
            guard text == credentials.accountId else { return SFMCRestErrors.invalidClient() }
        }
        let token = state.data.withLock { data -> String in
            let value = "sbx-" + data.newGUID()
            data.tokens[value] = state.clock.nowMilliseconds() + tokenLifetimeSeconds * 1000
            return value
        }
        let host = request.head.authority ?? "127.0.0.1"
        let base = "http://\(host)/"
        return Response.json([
            "access_token": .string(token), "token_type": "Bearer", "expires_in": .int(tokenLifetimeSeconds),
            "scope": "list_and_subscribers_read list_and_subscribers_write tracking_events_read data_extensions_write",
            "soap_instance_url": .string(base), "rest_instance_url": .string(base),
        ])
    }
}
