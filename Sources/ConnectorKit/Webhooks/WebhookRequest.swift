import Foundation

/// An inbound webhook call as the listener received it, before any parsing.
public struct WebhookRequest: Sendable {
    /// The HTTP method, upper-case (e.g. `POST`).
    public var method: String
    /// The full URL the vendor called (scheme, host, path and query), as the vendor signed it.
    public var url: String
    /// Header names lower-cased; a repeated header keeps its first value.
    public var headers: [String: String]
    /// The raw body bytes; verifiers sign these, never a re-serialised copy.
    public var body: [UInt8]

    /// A request from its parts; header names are lower-cased here.
    public init(method: String, url: String, headers: [String: String], body: [UInt8]) {
        self.method = method.uppercased()
        self.url = url
        var lowered: [String: String] = [:]
        for (name, value) in headers where lowered[name.lowercased()] == nil { lowered[name.lowercased()] = value }
        self.headers = lowered
        self.body = body
    }
}
