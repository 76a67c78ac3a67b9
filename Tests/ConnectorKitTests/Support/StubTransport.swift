import ConnectorKit
import Foundation

/// A transport answering from a closure, recording the requests it saw.
final class StubTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [TransportRequest] = []
    private let handler: @Sendable (TransportRequest) async throws -> VendorResponse

    init(_ handler: @escaping @Sendable (TransportRequest) async throws -> VendorResponse) {
        self.handler = handler
    }

    var requests: [TransportRequest] { lock.withLock { seen } }

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        lock.withLock { seen.append(request) }
        return try await handler(request)
    }
}
