import Foundation

/// A SOAP 1.1 `Fault` (`faultcode`, `faultstring`) read from a response body.
///
/// SFMC answers a missing, invalid or expired `fueloauth` token with a fault whose code is `Security` in the
/// WS-SecureConversation namespace (e.g. `q0:Security`, faultstring `Login Failed` / `Token Expired`).
struct SOAPFault: Sendable, Equatable {
    /// The fault code without its prefix (`Security`, `Client`, `Server`).
    var code: String
    var message: String

    var isSecurity: Bool { code.lowercased().contains("security") || code.lowercased().contains("badcontexttoken") }
    var isClient: Bool { code == "Client" }

    /// The fault in `body`, or `nil` when the body holds none.
    static func parse(_ body: Data) -> SOAPFault? {
        guard body.range(of: Data("Fault".utf8)) != nil, let root = SOAPNode.parse(body),
              let fault = root.child("Body")?.child("Fault")
        else { return nil }
        let code = fault.value("faultcode") ?? ""
        return SOAPFault(code: String(code.split(separator: ":").last ?? ""), message: fault.value("faultstring") ?? "")
    }
}
