import ConnectorKit
import Foundation

extension SFMCConnector {
    /// A valid token with its instance URLs (renewed by the cache before expiry).
    /// - Throws: `ConnectorError` (`.authentication`, `.transient`, `.malformedResponse`).
    func currentToken() async throws -> AccessToken {
        do {
            return try await tokens.currentToken()
        } catch let error as ConnectorError {
            throw error
        } catch is CancellationError {
            throw ConnectorError(.cancelled, "cancelled", vendor: "sfmc")
        } catch let error as TransportError {
            throw ConnectorError(
                .transient, "token request failed: \(error.message)", vendor: "sfmc", operation: "auth.token", underlying: error
            )
        } catch {
            throw ConnectorError(.transient, "token request failed", vendor: "sfmc", operation: "auth.token", underlying: error)
        }
    }

    /// The absolute URL `path` under the token's `key` instance URL (`soap_instance_url` or `rest_instance_url`).
    func instanceURL(_ key: String, path: String) async throws -> String {
        guard let base = try await currentToken().metadata[key], !base.isEmpty else {
            throw ConnectorError(.malformedResponse, "token response has no \(key)", vendor: "sfmc", operation: "auth.token")
        }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    /// Sends a SOAP request (`SOAPAction: action`) whose body `body` writes, and returns the Body's response
    /// element (e.g. `RetrieveResponseMsg`).
    /// - Parameter idempotencyKey: set for requests that are safe to resend after an ambiguous transport failure
    ///   (Retrieve, Create with UpdateAdd).
    /// - Throws: `ConnectorError` from the client (auth faults are refreshed there), `.malformedResponse` for a body
    ///   that is not a SOAP envelope, `.permanent` for a SOAP fault.
    func soap(_ action: String, operation: String, idempotencyKey: String?, _ body: (inout XMLWriter) -> Void)
        async throws -> SOAPNode
    {
        let url = try await instanceURL(SFMCTokenProvider.soapURLKey, path: "/Service.asmx")
        let request = VendorRequest(
            .post, url, headers: ["Content-Type": "text/xml; charset=utf-8", "SOAPAction": action],
            body: SOAPEnvelope.build(body), idempotencyKey: idempotencyKey, operation: "soap." + operation)
        let response = try await client.send(request)
        guard let root = SOAPNode.parse(response.body), let message = root.child("Body")?.children.first else {
            throw ConnectorError(.malformedResponse, "\(operation): response is not a complete SOAP envelope",
                                 vendor: "sfmc", operation: "soap." + operation, httpStatus: response.status)
        }
        if message.name == "Fault" {
            throw ConnectorError(.permanent, "\(operation): SOAP fault \(message.value("faultstring") ?? "")",
                                 vendor: "sfmc", operation: "soap." + operation, httpStatus: response.status)
        }
        return message
    }

    /// A reason text from vendor words, emails removed.
    static func clean(_ text: String) -> String {
        Redactor.default.redact(text: text, emails: .remove)
    }
}
