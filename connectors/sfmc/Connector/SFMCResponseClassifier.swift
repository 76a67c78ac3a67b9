import ConnectorKit
import Foundation

/// SFMC's response classification, layered over `DefaultResponseClassifier`:
///
/// | response | classification |
/// |---|---|
/// | 429 errorcode 50200 ("temporarily blocked", no hint) | `.rateLimited` for `blockedBackoffMs` (minutes: handed to the engine) |
/// | 429 otherwise (50100) | `.rateLimited` until `Retry-After` / body `retryAfter` (s), else the policy's backoff |
/// | SOAP fault with a `Security` faultcode (missing, invalid or expired `fueloauth`) | `.refreshCredentials` |
/// | other SOAP fault, `Client` code | `.fail(.permanent)` with the faultstring |
/// | 2xx SOAP body that does not end with the envelope (truncated) | `.retry`, on the last attempt `.fail(.malformedResponse)` |
/// | the same, or a transport failure after the request was sent, for a `ContinueRequest` | `.fail` with `vendorCategory` `ContinueRequest`, never resent: SFMC may already have moved past that page |
/// | anything else | the default (401 → refresh, 5xx → retry, ...) |
///
/// Source: sfmc.md §2–4 (rate-limiting-errors, authenticate-soap-api, SOAP faults).
struct SFMCResponseClassifier: ResponseClassifier {
    let blockedBackoffMs: Int64
    let maxAttempts: Int
    private let fallback = DefaultResponseClassifier()

    func classify(_ response: VendorResponse, context: ClassificationContext) -> ResponseClassification {
        if response.status == 429 { return rateLimited(response, nowMs: context.nowMs) }
        guard context.request.operation.hasPrefix("soap.") else { return fallback.classify(response, context: context) }
        if let fault = SOAPFault.parse(response.body) {
            if fault.isSecurity { return .refreshCredentials }
            if fault.isClient {
                return .fail(ConnectorError(.permanent, "SOAP fault: \(fault.message)", vendorCategory: fault.code))
            }
            return .retry(afterMs: nil)
        }
        if (200..<300).contains(response.status), !Self.endsWithEnvelope(response.body) {
            if context.request.operation.hasSuffix(Self.continueSuffix) { return .fail(Self.continueLost("truncated")) }
            if context.attempt < maxAttempts { return .retry(afterMs: nil) }
            return .fail(ConnectorError(.malformedResponse, "truncated SOAP response (no closing Envelope)",
                                        recovery: .retryLater(afterMs: nil), httpStatus: response.status))
        }
        return fallback.classify(response, context: context)
    }

    /// Transport failures: a `ContinueRequest` that may have reached SFMC is not resent (SFMC keeps the paging
    /// position, so a resend would return the page after the lost one); everything else as the default.
    func classify(_ error: TransportError, context: ClassificationContext) -> ResponseClassification {
        if context.request.operation.hasSuffix(Self.continueSuffix), !error.code.requestNotSent {
            return .fail(Self.continueLost("transport failure \(error.code)"))
        }
        return fallback.classify(error, context: context)
    }

    /// The operation suffix of `ContinueRequest` Retrieves (`soap.retrieve.<ObjectType>.continue`).
    static let continueSuffix = ".continue"

    /// The failure of a `ContinueRequest` whose page may have been sent and lost.
    static func continueLost(_ what: String) -> ConnectorError {
        ConnectorError(.transient, "ContinueRequest answer lost (\(what)); SFMC may have moved past the page",
                       recovery: .retryLater(afterMs: nil), vendorCategory: "ContinueRequest")
    }

    private func rateLimited(_ response: VendorResponse, nowMs: Int64) -> ResponseClassification {
        let body = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let code = (body?["errorcode"] as? Int) ?? (body?["errorcode"] as? String).flatMap { Int($0) }
        if code == 50200 { return .rateLimited(untilMs: nowMs + blockedBackoffMs) }
        if let hint = response.headers["Retry-After"].flatMap({ RetryAfter.parse($0, nowMs: nowMs) }) {
            return .rateLimited(untilMs: nowMs + hint)
        }
        if let seconds = body?["retryAfter"] as? Int { return .rateLimited(untilMs: nowMs + Int64(seconds) * 1000) }
        return .rateLimited(untilMs: nil)
    }

    /// Whether the body's last tag closes a SOAP `Envelope` (ignoring trailing whitespace).
    static func endsWithEnvelope(_ body: Data) -> Bool {
        let tail = String(decoding: body.suffix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return tail.hasSuffix(":Envelope>") || tail.hasSuffix("<Envelope>") || tail.hasSuffix("/Envelope>")
    }
}
