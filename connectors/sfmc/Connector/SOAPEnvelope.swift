import ConnectorKit
import Foundation

/// Builds SOAP 1.1 request envelopes for `Service.asmx`, with the `fueloauth` header token left as a marker that
/// `SOAPEnvelope.placement` fills on every attempt (so a refreshed token lands in a retried request).
///
/// Header: `<fueloauth xmlns="http://exacttarget.com">TOKEN</fueloauth>`; body in
/// `http://exacttarget.com/wsdl/partnerAPI`. Source: sfmc.md §4 (authenticate-soap-api), etframework.wsdl.
enum SOAPEnvelope {
    static let tokenMarker = "@@VENDORSYNC_FUELOAUTH@@"
    static let partnerNS = "http://exacttarget.com/wsdl/partnerAPI"

    /// The envelope bytes around the body written by `body`.
    static func build(_ body: (inout XMLWriter) -> Void) -> Data {
        var xml = XMLWriter()
        xml.open("soap:Envelope", [
            ("xmlns:soap", "http://schemas.xmlsoap.org/soap/envelope/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ])
        xml.open("soap:Header")
        xml.open("fueloauth", [("xmlns", "http://exacttarget.com")])
        xml.marker(tokenMarker)
        xml.close("fueloauth")
        xml.close("soap:Header")
        xml.open("soap:Body")
        body(&xml)
        xml.close("soap:Body")
        xml.close("soap:Envelope")
        return Data(("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml.text).utf8)
    }

    /// Puts the (escaped) token in place of the marker of a SOAP body; other requests get `Authorization: Bearer`.
    static let placement = TokenPlacement.custom { request, token in
        guard let body = request.body, let range = body.range(of: Data(tokenMarker.utf8)) else {
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer " + token)
            return
        }
        var filled = body
        filled.replaceSubrange(range, with: Data(XMLWriter.escape(token).utf8))
        request.body = filled
    }
}
