/// The HTTP-only classification, used when the connector adds nothing:
///
/// | status | classification |
/// |---|---|
/// | 2xx | `.success` |
/// | 401 | `.refreshCredentials` (the client refreshes once, then fails `.authentication`) |
/// | 403 | `.fail(.authentication)` (missing scope or permission; refreshing does not help) |
/// | 429 | `.rateLimited(untilMs: now + Retry-After)` (`nil` without the header) |
/// | 408, 500, 502, 503, 504, other 5xx but 501/505 | `.retry(afterMs: Retry-After)` |
/// | other (3xx, 4xx, 501, 505) | `.fail(.permanent)` |
///
/// Transport failures: see `ResponseClassifier.classify(_:context:)` for `TransportError`.
public struct DefaultResponseClassifier: ResponseClassifier {
    public init() {}

    public func classify(_ response: VendorResponse, context: ClassificationContext) -> ResponseClassification {
        let status = response.status
        let retryAfterMs = response.headers["Retry-After"].flatMap { RetryAfter.parse($0, nowMs: context.nowMs) }
        switch status {
        case 200..<300:
            return .success
        case 401:
            return .refreshCredentials
        case 403:
            return .fail(ConnectorError(.authentication, "access denied (HTTP 403)", httpStatus: status))
        case 429:
            return .rateLimited(untilMs: retryAfterMs.map { context.nowMs + $0 })
        case 408, 500, 502..<505, 506..<600:
            return .retry(afterMs: retryAfterMs)
        default:
            return .fail(ConnectorError(.permanent, "request refused (HTTP \(status))", httpStatus: status))
        }
    }
}
