import ConnectorTestKit
import ConnectorKit
import Foundation

/// A minimal raw client of the sandbox for sandbox-level tests (token, SOAP, REST), independent of the connector.
struct SandboxSOAPClient {
    let baseURL: URL
    let transport = AsyncHTTPClientTransport()

    func token(clientSecret: String = "sandbox-secret") async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: [
            "grant_type": "client_credentials", "client_id": "sandbox-client", "client_secret": clientSecret, "account_id": "100",
        ])
        let response = try await transport.execute(
            TransportRequest(method: .post, url: baseURL.appendingPathComponent("v2/token"),
                             headers: ["Content-Type": "application/json"], body: body), timeout: .seconds(10))
        guard let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let token = object["access_token"] as? String
        else { throw TestFailure("no token: \(String(decoding: response.body, as: UTF8.self))") }
        return token
    }

    func soap(action: String, body: String, token: String, path: String = "Service.asmx") async throws -> (status: Int, text: String) {
        let envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soap:Header><fueloauth xmlns=\"http://exacttarget.com\">"
            + token + "</fueloauth></soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>"
        let response = try await transport.execute(
            TransportRequest(method: .post, url: baseURL.appendingPathComponent(path),
                             headers: ["Content-Type": "text/xml; charset=utf-8", "SOAPAction": action], body: Data(envelope.utf8)),
            timeout: .seconds(10))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func shutdown() async throws { try await transport.shutdown() }
}
