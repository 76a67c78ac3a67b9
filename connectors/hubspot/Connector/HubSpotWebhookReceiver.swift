import ConnectorKit
import Crypto
import Foundation
import SyncCore

/// Verifies HubSpot webhook calls (signature v3) and maps their events to the streams to pull.
///
/// Source: `../shared/vendor-reference/hubspot.md` §11 (validating-requests, signature v3): the
/// `X-HubSpot-Signature-v3` header is `base64(HMAC-SHA256(client secret, method + uri + body + timestamp))`, where
/// `timestamp` is `X-HubSpot-Request-Timestamp` (epoch ms) and `uri` the full URL HubSpot called with a fixed set of
/// percent-escapes decoded. A timestamp older than 5 minutes is refused. The body is a JSON array of events.
public struct HubSpotWebhookReceiver: WebhookReceiver {
    /// `hubspot`.
    public let vendor: VendorName = "hubspot"
    /// The longest accepted age of `X-HubSpot-Request-Timestamp`, in ms (5 minutes, as HubSpot documents).
    public static let maxAgeMs: Int64 = 300_000
    private let secret: [UInt8]

    /// A receiver for the app whose client secret is `clientSecret` (from `Secrets`, never the configuration file).
    public init(clientSecret: String) {
        secret = Array(clientSecret.utf8)
    }

    /// Checks the v3 signature and freshness; maps `contact.*` events to the `contacts` (and for deletions
    /// `archived`) streams.
    public func receive(_ request: WebhookRequest, now: UTCMillis) -> WebhookVerdict {
        guard let signature = request.headers["x-hubspot-signature-v3"], let stamp = request.headers["x-hubspot-request-timestamp"] else {
            return .unauthorized(reason: "missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp")
        }
        guard let timestamp = Int64(stamp.trimmingCharacters(in: .whitespaces)) else {
            return .unauthorized(reason: "X-HubSpot-Request-Timestamp is not epoch milliseconds")
        }
        guard now - timestamp <= Self.maxAgeMs, timestamp - now <= Self.maxAgeMs else {
            return .unauthorized(reason: "timestamp outside the 5-minute window")
        }
        guard let given = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)) else {
            return .unauthorized(reason: "signature is not base64")
        }
        let expected = Self.signature(key: SymmetricKey(data: secret), method: request.method, url: request.url, body: request.body, timestamp: stamp)
        guard Self.constantTimeEqual(Array(given), expected) else { return .unauthorized(reason: "signature mismatch") }
        return Self.verdict(forBody: request.body)
    }

    /// `base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp))`, as HubSpot computes it; for tests and
    /// for clients that sign calls to the daemon.
    public static func signatureV3(clientSecret: String, method: String, url: String, body: [UInt8], timestamp: String) -> String {
        let mac = signature(key: SymmetricKey(data: Array(clientSecret.utf8)), method: method, url: url, body: body, timestamp: timestamp)
        return Data(mac).base64EncodedString()
    }

    private static func signature(key: SymmetricKey, method: String, url: String, body: [UInt8], timestamp: String) -> [UInt8] {
        var source = Array((method.uppercased() + decodedURI(url)).utf8)
        source += body
        source += Array(timestamp.utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: source, using: key))
    }

    /// The URI with the escapes HubSpot decodes before signing (`%3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 (
    /// %29 ) %2A * %2C , %3B ;`); other escapes stay as they are.
    static func decodedURI(_ url: String) -> String {
        let escapes = [
            "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")",
            "%2A": "*", "%2C": ",", "%3B": ";",
        ]
        var result = ""
        var index = url.startIndex
        while index < url.endIndex {
            if url[index] == "%", let end = url.index(index, offsetBy: 3, limitedBy: url.endIndex),
               let plain = escapes[url[index..<end].uppercased()] {
                result += plain
                index = end
            } else {
                result.append(url[index])
                index = url.index(after: index)
            }
        }
        return result
    }

    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    private static func verdict(forBody body: [UInt8]) -> WebhookVerdict {
        guard let events = try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else {
            return .malformed(reason: "body is not a JSON array of events")
        }
        var streams: Set<String> = []
        var keys: [String] = []
        for event in events {
            let type = event["subscriptionType"] as? String ?? ""
            guard type.hasPrefix("contact.") || type.hasPrefix("object.") else { continue }
            streams.insert(HubSpotConnector.Stream.contacts)
            if type.hasSuffix(".deletion") || type.hasSuffix(".privacyDeletion") || type.hasSuffix(".merge") {
                streams.insert(HubSpotConnector.Stream.archived)
            }
            if let id = event["objectId"] { keys.append("\(id)") }
        }
        return .accepted(streams: streams, recordKeys: keys)
    }
}
