import Foundation
import Hummingbird
import SandboxKit

extension SFMCAPI {
    /// `POST /Service.asmx`: checks the `fueloauth` header token, then dispatches on the body's request message
    /// (`RetrieveRequestMsg`, `CreateRequest`, `UpdateRequest`, `ExecuteRequestMsg`, `DefinitionRequestMsg`).
    func soap(_ request: Request) async throws -> Response {
        var request = request
        let bytes = try await request.sandboxBodyBytes()
        guard let envelope = SFMCXMLNode.parse(Data(bytes)), envelope.name == "Envelope",
              let body = envelope.child("Body"), let message = body.children.first
        else {
            return SFMCSOAP.fault(code: "Client", message: "Unable to parse the SOAP request.", security: false)
        }
        let token = envelope.child("Header")?.find("fueloauth")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch tokenState(token) {
        case .valid: break
        case .expired: return SFMCSOAP.fault(code: "Security", message: "Token Expired", security: true)
        case .unknown: return SFMCSOAP.fault(code: "Security", message: "Login Failed", security: true)
        }
        switch message.name {
        case "RetrieveRequestMsg": return retrieve(message)
        case "CreateRequest": return save(request, message, action: .create)
        case "UpdateRequest": return save(request, message, action: .update)
        case "ExecuteRequestMsg": return execute(request, message)
        case "DefinitionRequestMsg": return describe(message)
        default:
            return SFMCSOAP.fault(code: "Client", message: "Unsupported operation \(message.name)", security: false)
        }
    }
}
