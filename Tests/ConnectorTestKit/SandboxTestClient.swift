import Foundation
import SandboxKit
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A minimal HTTP client for talking to a running sandbox over loopback in tests.
public struct SandboxTestClient: Sendable {
    public let baseURL: URL
    public var token: String?

    /// A client for the sandbox at `baseURL`, sending `token` as a bearer token when given.
    public init(baseURL: URL, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
    }

    public struct Reply: Sendable {
        public let status: Int
        /// Header names lower-cased.
        public let headers: [String: String]
        public let body: Data
        public var json: JSONValue? { try? JSONValue.parse(body) }
    }

    public func send(_ method: String, _ path: String, json: JSONValue? = nil, form: String? = nil) async throws -> Reply {
        guard let url = URL(string: baseURL.absoluteString + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.serialized())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let form {
            request.httpBody = Data(form.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    public func get(_ path: String) async throws -> Reply { try await send("GET", path) }
    public func post(_ path: String, _ json: JSONValue) async throws -> Reply { try await send("POST", path, json: json) }
}
