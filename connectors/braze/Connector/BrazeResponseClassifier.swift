import ConnectorKit

/// Braze's response classification, layered over `DefaultResponseClassifier`:
///
/// | response | classification |
/// |---|---|
/// | 429 | `.rateLimited(untilMs:)` from `X-RateLimit-Reset` (epoch s), else `X-RateLimit-Retry-After` or `Retry-After` |
/// | 400 on `users.track` | `.success`: the connector reads the fatal `errors[]` and settles each item itself |
/// | 403, 404 on `users.export.segment.download` | `.retry`: the export is not written yet (the pre-signed URL answers like S3 for a missing object), so the client's backoff polls again |
/// | anything else | the default (401 → refresh, which fails at once for a static key; 403 → authentication; 5xx → retry) |
///
/// Source: Braze docs `_docs/_api/errors.md` and `api_limits.md`.
struct BrazeResponseClassifier: ResponseClassifier {
    private let fallback = DefaultResponseClassifier()

    func classify(_ response: VendorResponse, context: ClassificationContext) -> ResponseClassification {
        switch response.status {
        case 429:
            return .rateLimited(untilMs: Self.resumeAt(response.headers, nowMs: context.nowMs))
        case 400 where context.request.operation == BrazeOperation.usersTrack:
            return .success
        case 403 where context.request.operation == BrazeOperation.usersExportSegmentDownload,
            404 where context.request.operation == BrazeOperation.usersExportSegmentDownload:
            return .retry(afterMs: nil)  // not ready yet
        default:
            return fallback.classify(response, context: context)
        }
    }

    /// When requests may resume after a 429, UTC epoch ms, or `nil` (the retry policy's backoff then applies).
    static func resumeAt(_ headers: VendorHeaders, nowMs: Int64) -> Int64? {
        if let reset = headers["X-RateLimit-Reset"].flatMap(BrazeRateLimits.epochSecondsToMs), reset > nowMs {
            return reset
        }
        if let seconds = headers["X-RateLimit-Retry-After"].flatMap({ Double($0.trimmed) }), seconds >= 0 {
            return nowMs + Int64((seconds * 1000).rounded(.up))
        }
        return headers["Retry-After"].flatMap { RetryAfter.parse($0, nowMs: nowMs) }.map { nowMs + $0 }
    }
}

/// The operation names the connector gives its requests (logs, metrics, `ConnectorError.operation`).
enum BrazeOperation {
    static let usersTrack = "users.track"
    static let usersExportIDs = "users.export.ids"
    static let usersExportSegment = "users.export.segment"
    /// The GET of a segment export's ZIP at the URL Braze answered.
    static let usersExportSegmentDownload = "users.export.segment.download"
    static let emailStatus = "email.status"
    static let emailBlocklist = "email.blocklist"
    static let subscriptionSet = "subscription.status.set"
    static let subscriptionStatusGet = "subscription.status.get"
}
