import Hummingbird

/// One per-object result of a Create/Update, rendered as WSDL `CreateResult` / `UpdateResult`.
enum SFMCSaveResult: Sendable {
    case success(Int, SFMCSubscriberWrite.Applied)
    case failure(Int, code: Int, String)

    /// The `CreateResponse` / `UpdateResponse` envelope for `results`.
    static func response(_ results: [SFMCSaveResult], action: SFMCAPI.SaveAction, requestID: String) -> Response {
        let create = action == .create
        var xml = SFMCXMLWriter()
        SFMCSOAP.openMessage(create ? "CreateResponse" : "UpdateResponse", into: &xml)
        for result in results {
            xml.open("Results")
            switch result {
            case let .success(index, applied):
                xml.element("StatusCode", "OK")
                xml.element("StatusMessage", applied.created ? "Created Subscriber." : "Updated Subscriber.")
                xml.element("OrdinalID", String(index))
                if create { xml.element("NewID", applied.created ? String(applied.id) : "0") }
                xml.open("Object", [("xsi:type", "Subscriber")])
                xml.element("ID", String(applied.id))
                xml.element("EmailAddress", applied.email)
                xml.element("SubscriberKey", applied.subscriberKey)
                xml.close("Object")
            case let .failure(index, code, message):
                xml.element("StatusCode", "Error")
                xml.element("StatusMessage", message)
                xml.element("OrdinalID", String(index))
                xml.element("ErrorCode", String(code))
                if create { xml.element("NewID", "0") }
                xml.open("Object", [("xsi:type", "Subscriber")])
                xml.close("Object")
            }
            xml.close("Results")
        }
        xml.element("RequestID", requestID)
        let failed = results.contains { if case .failure = $0 { true } else { false } }
        xml.element("OverallStatus", failed ? "Has Errors" : "OK")
        xml.close(create ? "CreateResponse" : "UpdateResponse")
        return SFMCSOAP.envelope(xml)
    }
}
