import Foundation

/// Resolves a `VendorRequest` path and query against a base URL.
enum URLBuilder {
    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    )

    static func percentEncode(_ string: String) -> String {
        var out = ""
        for byte in string.utf8 {
            if unreserved.contains(byte) {
                out.append(Character(UnicodeScalar(byte)))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// `path` absolute (`http://`, `https://`) replaces `base`; otherwise it is appended to `base`'s path.
    static func resolve(base: URL, path: String, query: [URLQueryItem]) -> URL? {
        let lowered = path.lowercased()
        var string: String
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            string = path
        } else {
            var prefix = base.absoluteString
            while prefix.hasSuffix("/") { prefix.removeLast() }
            string = prefix + (path.hasPrefix("/") || path.isEmpty ? path : "/" + path)
        }
        if !query.isEmpty {
            let encoded = query.map { item in
                percentEncode(item.name) + (item.value.map { "=" + percentEncode($0) } ?? "")
            }
            string += (string.contains("?") ? "&" : "?") + encoded.joined(separator: "&")
        }
        return URL(string: string)
    }
}
