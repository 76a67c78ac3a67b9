import Foundation
import Hummingbird
import SandboxKit

/// Communication preferences v3: definitions, status by email, subscribe, unsubscribe.
///
/// Source: `communication-preferences-v3.openapi.json`; hubspot.md §7. Status is keyed by the lower-cased address
/// (contacts need not exist). v3 refuses to re-subscribe an address that opted out and refuses to unsubscribe twice
/// (400). A change sets `hs_email_optout_<id>` on the address's contact and bumps its `lastmodifieddate`.
extension HubSpotAPI {
    func registerCommunicationPreferencesV3(on router: Router<BasicRequestContext>) {
        router.get("/communication-preferences/v3/definitions") { _, _ in
            let definitions = state.data.withLock { $0.definitions }
            return Response.json(["subscriptionDefinitions": .array(definitions.map(\.json))])
        }
        router.get("/communication-preferences/v3/status/email/{emailAddress}") { request, context in
            let raw = context.parameters.get("emailAddress") ?? ""
            return try statusV3(email: raw.removingPercentEncoding ?? raw)
        }
        router.post("/communication-preferences/v3/subscribe") { request, _ in
            try await changeV3(request, subscribe: true)
        }
        router.post("/communication-preferences/v3/unsubscribe") { request, _ in
            try await changeV3(request, subscribe: false)
        }
    }

    private func statusV3(email: String) throws -> Response {
        guard HubSpotPropertyRegistry.isPlausibleEmail(email) else {
            throw HubSpotErrors.validation("Invalid email address: \(email)")
        }
        let statuses = state.data.withLock { data in
            data.definitions.map { Self.v3Status(data.consent.consent(for: email), $0) }
        }
        return Response.json(["recipient": .string(email), "subscriptionStatuses": .array(statuses)])
    }

    /// One v3 PublicSubscriptionStatus: SUBSCRIBED only with an explicit subscription and no portal-wide opt-out.
    static func v3Status(_ consent: HubSpotAddressConsent, _ definition: HubSpotSubscriptionDefinition) -> JSONValue {
        let recorded = consent.statuses[definition.id]
        let optedOutOfAll = consent.portalWideOptOutAtMs != nil
        let subscribed = recorded?.state == .subscribed && !optedOutOfAll
        var object: [String: JSONValue] = [
            "id": .string(String(definition.id)), "name": .string(definition.name),
            "description": .string(definition.description),
            "status": subscribed ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
            "sourceOfStatus": optedOutOfAll ? "PORTAL_WIDE_STATUS" : "SUBSCRIPTION_STATUS",
        ]
        if let basis = recorded?.legalBasis { object["legalBasis"] = .string(basis) }
        if let explanation = recorded?.legalBasisExplanation { object["legalBasisExplanation"] = .string(explanation) }
        return .object(object)
    }

    private func changeV3(_ request: Request, subscribe: Bool) async throws -> Response {
        let body = try await jsonBody(request)
        guard let email = body["emailAddress"]?.stringValue, HubSpotPropertyRegistry.isPlausibleEmail(email) else {
            throw HubSpotErrors.validation("emailAddress is required and must be a valid email address")
        }
        let idText = body["subscriptionId"]?.stringValue ?? body["subscriptionId"]?.intValue.map(String.init) ?? ""
        let legalBasis = body["legalBasis"]?.stringValue
        if let legalBasis, !Self.legalBases.contains(legalBasis) {
            throw HubSpotErrors.validation("Invalid legalBasis \(legalBasis)")
        }
        let nowMs = state.clock.nowMilliseconds()
        let status = try state.data.withLock { data throws -> JSONValue in
            guard let id = Int64(idText), let definition = data.definition(id) else {
                throw HubSpotErrors.validation("Invalid subscription id: \(idText)")
            }
            let consent = data.consent.consent(for: email)
            let current = consent.statuses[id]?.state
            if subscribe, current == .unsubscribed || consent.portalWideOptOutAtMs != nil {
                throw HubSpotErrors.validation(
                    "\(email) has opted out of this subscription and cannot be resubscribed via this API")
            }
            if subscribe, current == .subscribed {
                throw HubSpotErrors.validation("\(email) is already subscribed to subscription \(id)")
            }
            if !subscribe, current == .unsubscribed || consent.portalWideOptOutAtMs != nil {
                throw HubSpotErrors.validation("\(email) is already unsubscribed from subscription \(id)")
            }
            let recorded = HubSpotSubscriptionStatus(
                state: subscribe ? .subscribed : .unsubscribed, legalBasis: legalBasis,
                legalBasisExplanation: body["legalBasisExplanation"]?.stringValue, changedAtMs: nowMs,
                source: "PUBLIC_API")
            data.consent.set(email: email, subscriptionId: id, status: recorded)
            data.reflectConsentOnContact(email: email, nowMs: nowMs)
            return Self.v3Status(data.consent.consent(for: email), definition)
        }
        logWrite(
            request, objectKey: "email:\(email.lowercased())#\(idText)",
            effect: ["subscriptionId": .string(idText), "status": subscribe ? "SUBSCRIBED" : "UNSUBSCRIBED"])
        return Response.json(status)
    }

    static let legalBases: Set<String> = [
        "CONSENT_WITH_NOTICE", "LEGITIMATE_INTEREST_CLIENT", "LEGITIMATE_INTEREST_OTHER", "LEGITIMATE_INTEREST_PQL",
        "NON_GDPR", "PERFORMANCE_OF_CONTRACT", "PROCESS_AND_STORE",
    ]
}
