import Hummingbird
import SandboxKit

/// `POST /events/v3/send` — custom behavioural event completions.
///
/// Body `{eventName, objectId | email | utk, occurredAt?, properties?}` → 204. The event's stable id (property
/// `vendorsync_event_id`, else `event_id`, else `id`) is the idempotency key in the write log; a repeated id is
/// still accepted (HubSpot does not dedupe) so tests can detect double delivery.
extension HubSpotAPI {
    static let eventIdProperties = ["vendorsync_event_id", "event_id", "id"]

    func registerCustomEvents(on router: Router<BasicRequestContext>) {
        router.post("/events/v3/send") { request, _ in try await sendEvent(request) }
    }

    private func sendEvent(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        guard let name = body["eventName"]?.stringValue, !name.isEmpty else {
            throw HubSpotErrors.validation("eventName is required")
        }
        let objectId = body["objectId"]?.stringValue ?? body["objectId"]?.intValue.map(String.init)
        let email = body["email"]?.stringValue
        guard objectId != nil || email != nil || body["utk"]?.stringValue != nil else {
            throw HubSpotErrors.validation("One of objectId, email or utk is required")
        }
        if let occurredAt = body["occurredAt"]?.stringValue, SandboxTimestamp.parse(occurredAt) == nil {
            throw HubSpotErrors.validation("occurredAt must be an ISO-8601 timestamp")
        }
        let properties = body["properties"]?.objectValue ?? [:]
        let eventId = Self.eventIdProperties.lazy.compactMap { properties[$0]?.stringValue }.first
        state.data.withLock { $0.customEvents.append(body) }
        logWrite(
            request, objectKey: "event:\(name):\(objectId ?? email?.lowercased() ?? "utk")",
            idempotencyKey: eventId, effect: body)
        return Response.empty(status: .noContent)
    }
}
