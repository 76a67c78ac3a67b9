import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// Records an event from another vendor as a custom event occurrence: `POST /events/v3/send` with `eventName`
    /// (configured), `email`, `occurredAt` (ISO-8601 UTC), a `uuid` derived from the idempotency key (HubSpot
    /// de-duplicates occurrences by it) and properties `vendorsync_event_id`, `event_type`, `source_vendor`,
    /// `campaign`. Source: HubSpot docs "Send custom event occurrences" (`/events/v3/send`, 204 no body).
    func pushEvent(_ event: SendEvent, mutation: Mutation) async throws -> PushOutcome {
        guard configuration.eventsEnabled else { return .rejected(reason: "events are disabled for hubspot") }
        guard let email = mutation.email ?? event.email, EmailAddress.isValid(email) else {
            return .rejected(reason: "email: no valid address for the event")
        }
        var properties = [
            "vendorsync_event_id": mutation.idempotencyKey, "event_type": event.type.rawValue,
            "source_vendor": event.vendor.rawValue,
        ]
        if let campaign = event.campaign { properties["campaign"] = campaign }
        let body = EventOccurrence(
            eventName: configuration.customEventName, email: email, objectId: mutation.recordKey,
            occurredAt: VendorTime.iso8601(event.at), uuid: Self.uuid(mutation.idempotencyKey), properties: properties
        )
        do {
            let request = try jsonRequest(
                .post, "/events/v3/send", body: body, operation: "events.send", idempotencyKey: mutation.idempotencyKey)
            let response = try await client.send(request)
            if response.isSuccess { return .applied(recordKey: mutation.recordKey) }
            let error = HubSpotJSON.object(response.body) ?? [:]
            return .rejected(
                reason: Self.reason(HubSpotJSON.string(error["category"]), HubSpotJSON.string(error["message"])))
        } catch let error as ConnectorError {
            guard case .retryLater(let afterMs) = error.recovery else { throw error }
            return .retry(reason: error.description, afterMs: afterMs)
        }
    }

    /// A stable UUID-shaped id (8-4-4-4-12 hex) from two FNV-1a hashes of `key`; not a random UUID.
    static func uuid(_ key: String) -> String {
        let hex =
            IdempotencyKey.hex(IdempotencyKey.fnv1a(key)) + IdempotencyKey.hex(IdempotencyKey.fnv1a("uuid:" + key))
        let chars = Array(hex)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }
        return parts.joined(separator: "-")
    }
}

/// Body of `POST /events/v3/send`.
struct EventOccurrence: Encodable {
    var eventName: String
    var email: String
    var objectId: String?
    var occurredAt: String
    var uuid: String
    var properties: [String: String]
}
