import Foundation

/// A complete HTTP response: status, headers (case-insensitive lookup) and the whole body.
public struct VendorResponse: Sendable, Hashable {
    /// The HTTP status code, e.g. `200`.
    public var status: Int
    /// The response headers.
    public var headers: VendorHeaders
    /// The body bytes (empty when there was none).
    public var body: Data

    public init(status: Int, headers: VendorHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether `status` is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// Decodes the body as JSON.
    /// - Throws: `ConnectorError` with code `.malformedResponse` (the decoding error as `underlying`).
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try decoder.decode(type, from: body)
        } catch {
            throw ConnectorError(
                .malformedResponse, "response body is not the expected JSON", httpStatus: status, underlying: error
            )
        }
    }
}
