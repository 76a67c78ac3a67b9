import Hummingbird
import SandboxKit

/// SOAP 1.1 envelopes and faults as SFMC's `Service.asmx` sends them.
///
/// Body elements are in `http://exacttarget.com/wsdl/partnerAPI` (etframework.wsdl); faults in the SOAP envelope
/// namespace. Source: sfmc.md §4; authenticate-soap-api (fueloauth); the WSDL's messages.
enum SFMCSOAP {
    static let envelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
    static let partnerNS = "http://exacttarget.com/wsdl/partnerAPI"
    static let xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

    /// A 200 `text/xml` response wrapping `body` (one element of the partner namespace, already built).
    static func envelope(_ body: SFMCXMLWriter, status: HTTPResponse.Status = .ok) -> Response {
        var xml = SFMCXMLWriter()
        xml.open("soap:Envelope", [("xmlns:soap", envelopeNS), ("xmlns:xsi", xsiNS),
                                   ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema")])
        xml.open("soap:Body")
        xml.append(body)
        xml.close("soap:Body")
        xml.close("soap:Envelope")
        return xmlResponse("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml.text, status: status)
    }

    /// A SOAP fault (HTTP 500). `code` is qualified in the WS-SecureConversation namespace for security faults
    /// (`q0:Security`), as SFMC answers a missing, invalid or expired `fueloauth` token.
    static func fault(code: String, message: String, security: Bool) -> Response {
        var body = SFMCXMLWriter()
        body.open("soap:Fault")
        if security {
            body.open("faultcode", [("xmlns:q0", "http://schemas.xmlsoap.org/ws/2005/02/sc")])
            body.characters("q0:" + code)
            body.close("faultcode")
        } else {
            body.element("faultcode", "soap:" + code)
        }
        body.element("faultstring", message)
        body.element("faultactor", "https://sandbox.soap.marketingcloudapis.com/Service.asmx")
        body.close("soap:Fault")
        return envelope(body, status: .internalServerError)
    }

    static func xmlResponse(_ text: String, status: HTTPResponse.Status) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/xml; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Opens a partner-namespace response element (e.g. `RetrieveResponseMsg`).
    static func openMessage(_ name: String, into xml: inout SFMCXMLWriter) {
        xml.open(name, [("xmlns", partnerNS)])
    }

    /// A truncated Retrieve response (the `malformed` fault): well-begun XML cut off mid-record.
    static func truncated() -> Response {
        xmlResponse("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"\(envelopeNS)\" "
            + "xmlns:xsi=\"\(xsiNS)\"><soap:Body><RetrieveResponseMsg xmlns=\"\(partnerNS)\"><OverallStatus>OK"
            + "</OverallStatus><Results xsi:type=\"Subscriber\"><SubscriberKey>sk-", status: .ok)
    }
}
