import Foundation

/// A fully resolved request as a transport sends it: absolute URL, final headers (auth included), body.
public struct TransportRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: VendorRequest.Method
    /// The absolute URL, query included.
    public var url: URL
    /// Final headers, auth included.
    public var headers: VendorHeaders
    /// The body bytes, or `nil`.
    public var body: Data?

    public init(method: VendorRequest.Method, url: URL, headers: VendorHeaders = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
