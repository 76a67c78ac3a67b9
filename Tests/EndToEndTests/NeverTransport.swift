import ConnectorKit

/// A transport for tests that build connectors without sending anything.
struct NeverTransport: HTTPTransport {
    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        throw TransportError(.invalidRequest, "no request expected in this test")
    }
}
