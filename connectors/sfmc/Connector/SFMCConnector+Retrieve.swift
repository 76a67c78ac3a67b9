import ConnectorKit

extension SFMCConnector {
    /// `Retrieve` of `objectType` with `properties` and `filter`, or the next page of `continueID`.
    ///
    /// - Throws: `ConnectorError(.permanent)` for an `Error: …` `OverallStatus` (SFMC reports request errors with
    ///   HTTP 200; the message is kept, emails removed), `.malformedResponse` for another status or a missing
    ///   `RequestID` on a `MoreDataAvailable` page; for a `ContinueRequest` whose answer was lost after SFMC may
    ///   have sent it, an error with `vendorCategory` `ContinueRequest` (see `SFMCResponseClassifier`).
    func retrieve(_ objectType: String, properties: [String], filter: FilterPart?, continueID: String?) async throws
        -> RetrievePage
    {
        let operation = "retrieve." + objectType + (continueID == nil ? "" : SFMCResponseClassifier.continueSuffix)
        let message = try await soap("Retrieve", operation: operation, idempotencyKey: continueID ?? operation) { xml in
            xml.open("RetrieveRequestMsg", [("xmlns", SOAPEnvelope.partnerNS)])
            xml.open("RetrieveRequest")
            xml.element("ObjectType", objectType)
            if let continueID {
                xml.element("ContinueRequest", continueID)
            } else {
                for property in properties { xml.element("Properties", property) }
                filter?.write(into: &xml)
                xml.open("Options")
                xml.element("BatchSize", String(configuration.pageSize))
                xml.close("Options")
            }
            xml.close("RetrieveRequest")
            xml.close("RetrieveRequestMsg")
        }
        let status = message.value("OverallStatus") ?? ""
        let requestID = message.value("RequestID")
        switch status {
        case "OK":
            return RetrievePage(requestID: requestID, more: false, results: message.all("Results"))
        case "MoreDataAvailable":
            guard let requestID, !requestID.isEmpty else {
                throw ConnectorError(.malformedResponse, "\(operation): MoreDataAvailable without RequestID", vendor: "sfmc",
                                     operation: "soap." + operation)
            }
            return RetrievePage(requestID: requestID, more: true, results: message.all("Results"))
        case let error where error.hasPrefix("Error"):
            throw ConnectorError(.permanent, "\(operation) refused: \(Self.clean(error))", vendor: "sfmc",
                                 operation: "soap." + operation, httpStatus: 200, vendorCategory: "OverallStatus")
        default:
            throw ConnectorError(.malformedResponse, "\(operation): unexpected OverallStatus", vendor: "sfmc",
                                 operation: "soap." + operation, details: Self.clean(status))
        }
    }
}
