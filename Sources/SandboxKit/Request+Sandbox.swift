import Foundation
import Hummingbird

extension Request {
    /// Largest request body a sandbox reads (vendors refuse far smaller bodies already).
    public static let sandboxMaxBodyBytes = 8 * 1024 * 1024

    /// The raw body bytes.
    public mutating func sandboxBodyBytes() async throws -> [UInt8] {
        let buffer = try await collectBody(upTo: Self.sandboxMaxBodyBytes)
        return Array(buffer.readableBytesView)
    }

    /// The body parsed as JSON, or `nil` when it is empty or not JSON (the caller answers the vendor's 400).
    public mutating func sandboxJSONBody() async throws -> JSONValue? {
        let bytes = try await sandboxBodyBytes()
        guard !bytes.isEmpty else { return nil }
        return try? JSONValue.parse(Data(bytes))
    }

    /// The body parsed as `application/x-www-form-urlencoded` (`+` is a space), last value wins.
    public mutating func sandboxFormBody() async throws -> [String: String] {
        let text = String(decoding: try await sandboxBodyBytes(), as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    /// The bearer token of the `Authorization` header, if any.
    public var bearerToken: String? {
        guard let value = headers[.authorization] else { return nil }
        let prefix = "bearer "
        guard value.count > prefix.count, value.lowercased().hasPrefix(prefix) else { return nil }
        return String(value.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    /// Query parameter `name` (percent-decoded), first value.
    public func query(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }

    /// Every value of query parameter `name`, also splitting comma-separated lists (`properties=a,b`).
    public func queryList(_ name: String) -> [String] {
        uri.queryParameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }
    }
}
