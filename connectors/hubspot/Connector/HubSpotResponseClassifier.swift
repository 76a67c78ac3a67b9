import ConnectorKit
import Foundation

/// HubSpot's response classification on top of the HTTP-only default.
///
/// - 429 with `policyName` `DAILY`: rate limited until the portal's next midnight (the client hands that long wait
///   to the engine as `retryLater`, it does not spin); `SECONDLY` (search): 1 s; `TEN_SECONDLY_ROLLING` and others:
///   `Retry-After` if sent, else the `X-HubSpot-RateLimit-Interval-Milliseconds` window (10 s).
/// - 400, 404 and 409 of the operations whose bodies the connector reads item by item (batch writes, consent
///   reads and writes, event sends) are handed back as success, so one bad item does not fail the batch.
///
/// Source: hubspot.md §9 (error envelope) and §10 (429 body with `policyName`).
struct HubSpotResponseClassifier: ResponseClassifier {
    /// Operations whose 4xx bodies the connector maps itself.
    static let itemLevelOperations: Set<String> = [
        "contacts.batchUpsert", "contacts.batchUpdate", "consent.status", "consent.subscribe", "consent.unsubscribe",
        "consent.v4.write", "consent.v4.batchRead", "events.send",
    ]

    let portalUTCOffsetMinutes: Int
    private let fallback = DefaultResponseClassifier()

    func classify(_ response: VendorResponse, context: ClassificationContext) -> ResponseClassification {
        if response.status == 429 { return rateLimited(response, nowMs: context.nowMs) }
        if [400, 404, 409].contains(response.status), Self.itemLevelOperations.contains(context.request.operation) {
            return .success
        }
        return fallback.classify(response, context: context)
    }

    private func rateLimited(_ response: VendorResponse, nowMs: Int64) -> ResponseClassification {
        let policy = HubSpotJSON.object(response.body).flatMap { HubSpotJSON.string($0["policyName"]) }
        if policy == "DAILY" {
            return .rateLimited(
                untilMs: HubSpotRateLimits.nextPortalMidnight(after: nowMs, offsetMinutes: portalUTCOffsetMinutes))
        }
        if let retryAfter = response.headers["Retry-After"].flatMap({ RetryAfter.parse($0, nowMs: nowMs) }) {
            return .rateLimited(untilMs: nowMs + retryAfter)
        }
        if policy == "SECONDLY" { return .rateLimited(untilMs: nowMs + 1_000) }
        let interval = response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"].flatMap { Int64($0) } ?? 10_000
        return .rateLimited(untilMs: nowMs + interval)
    }
}
