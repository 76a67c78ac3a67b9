import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// The legal-basis values HubSpot accepts (`communication-preferences-v3.openapi.json`); others are not sent.
    static let legalBases: Set<String> = [
        "CONSENT_WITH_NOTICE", "LEGITIMATE_INTEREST_CLIENT", "LEGITIMATE_INTEREST_OTHER", "LEGITIMATE_INTEREST_PQL",
        "NON_GDPR", "PERFORMANCE_OF_CONTRACT", "PROCESS_AND_STORE",
    ]

    /// Writes one consent state for the mutation's address.
    ///
    /// `.optedOut`: unsubscribe from every managed type (channel-wide key) or the topic's type; HubSpot's "already
    /// unsubscribed" 400 counts as applied. `.optedIn`: read the status first and refuse under a portal-wide
    /// opt-out; then subscribe (v3 `POST /communication-preferences/v3/subscribe`, v4 `POST .../v4/statuses/{email}`).
    func pushConsent(key: ConsentKey, record: ConsentRecord, mutation: Mutation) async throws -> PushOutcome {
        guard key.channel == .email else { return .rejected(reason: "hubspot keeps consent for email only") }
        guard let email = mutation.email, EmailAddress.isValid(email) else {
            return .rejected(reason: "email: no valid address for a consent write")
        }
        let ids =
            key.topic == ConsentKey.channelWide
            ? configuration.subscriptionTypes.map(\.id)
            : configuration.subscriptionTypes.filter { $0.topic == key.topic }.map(\.id)
        guard !ids.isEmpty else {
            return .rejected(reason: "consent topic \(key.topic) is not a managed subscription type")
        }
        let subscribe: Bool
        switch record.state {
        case .optedOut: subscribe = false
        case .optedIn: subscribe = true
        case .unknown: return .rejected(reason: "an unknown consent state is never written")
        }
        do {
            if subscribe {
                let statuses = try await readStatusV3(email) ?? []
                if statuses.contains(where: \.isPortalWide) {
                    return .rejected(reason: "address is under a portal-wide email opt-out; not subscribed")
                }
            }
            for id in ids {
                if let refusal = try await writeSubscription(email: email, id: id, subscribe: subscribe, record: record)
                {
                    return refusal
                }
            }
            return .applied(recordKey: mutation.recordKey)
        } catch let error as ConnectorError {
            guard case .retryLater(let afterMs) = error.recovery else { throw error }
            return .retry(reason: error.description, afterMs: afterMs)
        }
    }

    /// Writes one subscription status; `nil` when applied, else the rejection.
    private func writeSubscription(
        email: String, id: String, subscribe: Bool, record: ConsentRecord
    ) async throws -> PushOutcome? {
        let basis = record.legalBasis.flatMap { Self.legalBases.contains($0) ? $0 : nil }
        let request: VendorRequest
        switch configuration.consentAPI {
        case .v3:
            let body = V3SubscriptionWrite(
                emailAddress: email, subscriptionId: id, legalBasis: basis,
                legalBasisExplanation: basis == nil ? nil : record.evidence.map { "VendorSync: \($0)" }
            )
            request = try jsonRequest(
                .post, "/communication-preferences/v3/" + (subscribe ? "subscribe" : "unsubscribe"), body: body,
                operation: subscribe ? "consent.subscribe" : "consent.unsubscribe"
            )
        case .v4:
            let body = V4StatusWrite(
                channel: "EMAIL", subscriptionId: Int64(id) ?? 0,
                statusState: subscribe ? "SUBSCRIBED" : "UNSUBSCRIBED",
                legalBasis: basis, legalBasisExplanation: nil
            )
            request = try jsonRequest(
                .post, "/communication-preferences/v4/statuses/" + VendorRequest.encodePathSegment(email), body: body,
                query: [URLQueryItem(name: "channel", value: "EMAIL")], operation: "consent.v4.write"
            )
        }
        let response = try await client.send(request)
        if response.isSuccess { return nil }
        let body = HubSpotJSON.object(response.body) ?? [:]
        let message = HubSpotJSON.string(body["message"]) ?? ""
        let lowered = message.lowercased()
        if lowered.contains("already unsubscribed") || lowered.contains("already subscribed") { return nil }
        if subscribe, lowered.contains("resubscribe") || lowered.contains("opted out") {
            return .rejected(reason: "v3 cannot re-subscribe an address that opted out (use consentAPI v4)")
        }
        return .rejected(reason: Self.reason(HubSpotJSON.string(body["category"]), message))
    }
}

/// Body of v3 `subscribe` / `unsubscribe` (`PublicUpdateSubscriptionStatusRequest`).
struct V3SubscriptionWrite: Encodable {
    var emailAddress: String
    var subscriptionId: String
    var legalBasis: String?
    var legalBasisExplanation: String?
}

/// Body of v4 `POST /statuses/{subscriberIdString}` (`PartialPublicStatusRequest`).
struct V4StatusWrite: Encodable {
    var channel: String
    var subscriptionId: Int64
    var statusState: String
    var legalBasis: String?
    var legalBasisExplanation: String?
}
