/// One page of a `RetrieveResponseMsg`: `OverallStatus` `OK` (last page) or `MoreDataAvailable`, the `RequestID`
/// for `ContinueRequest`, and the `Results` elements. Source: sfmc.md §4.1, etframework.wsdl.
struct RetrievePage: Sendable {
    var requestID: String?
    var more: Bool
    var results: [SOAPNode]
}
