import Foundation
import Hummingbird
import SandboxKit

/// Communication preferences v4 writes: set one status (v4 can resubscribe, clearing a portal-wide opt-out) and
/// unsubscribe from all. A change sets `hs_email_optout*` on the address's contact and bumps `lastmodifieddate`;
/// `setStatusSuccessReason` tells what happened.
///
/// Source: `communication-preferences-v4.openapi.json` (PartialPublicStatusRequest, PublicStatus).
extension HubSpotAPI {
    func setV4(_ request: Request, input: JSONValue, email: String) throws -> JSONValue {
        guard HubSpotPropertyRegistry.isPlausibleEmail(email) else {
            throw HubSpotErrors.validation("Invalid subscriberIdString: \(email)")
        }
        guard input["channel"]?.stringValue == "EMAIL" else { throw HubSpotErrors.validation("channel must be EMAIL") }
        guard let wanted = input["statusState"]?.stringValue.flatMap(HubSpotSubscriptionStatus.State.init(rawValue:))
        else {
            throw HubSpotErrors.validation("statusState must be SUBSCRIBED, UNSUBSCRIBED or NOT_SPECIFIED")
        }
        let legalBasis = input["legalBasis"]?.stringValue
        if let legalBasis, !Self.legalBases.contains(legalBasis) {
            throw HubSpotErrors.validation("Invalid legalBasis \(legalBasis)")
        }
        let id = input["subscriptionId"]?.intValue ?? input["subscriptionId"]?.stringValue.flatMap { Int64($0) } ?? -1
        let nowMs = state.clock.nowMilliseconds()
        let (result, changed) = try state.data.withLock { data throws -> (JSONValue, Bool) in
            guard let definition = data.definition(id) else {
                throw HubSpotErrors.validation("Invalid subscription id: \(id)")
            }
            let consent = data.consent.consent(for: email)
            let current: HubSpotSubscriptionStatus.State? =
                consent.portalWideOptOutAtMs != nil ? .unsubscribed : consent.statuses[id]?.state
            let reason: String
            if current == wanted {
                reason = "NO_STATUS_CHANGE"
            } else if wanted == .subscribed, current == .unsubscribed {
                reason = "RESUBSCRIBE_OCCURRED"
            } else {
                reason = "REQUESTED_CHANGE_OCCURRED"
            }
            if reason != "NO_STATUS_CHANGE" {
                if wanted == .subscribed, consent.portalWideOptOutAtMs != nil {
                    data.consent.setPortalWideOptOut(email: email, atMs: nil)
                }
                let recorded = HubSpotSubscriptionStatus(
                    state: wanted, legalBasis: legalBasis,
                    legalBasisExplanation: input["legalBasisExplanation"]?.stringValue, changedAtMs: nowMs,
                    source: "PUBLIC_API")
                data.consent.set(email: email, subscriptionId: id, status: recorded)
                data.reflectConsentOnContact(email: email, nowMs: nowMs)
            }
            let stored = data.consent.consent(for: email).statuses[id]
            return (
                Self.publicStatus(
                    email, definition, state: stored?.state ?? wanted, at: stored?.changedAtMs ?? nowMs,
                    source: stored?.source ?? "PUBLIC_API", recorded: stored, reason: reason),
                reason != "NO_STATUS_CHANGE"
            )
        }
        if changed {
            logWrite(
                request, objectKey: "email:\(email.lowercased())#\(id)",
                effect: ["subscriptionId": .int(id), "status": .string(wanted.rawValue)])
        }
        return result
    }

    func unsubscribeAll(_ request: Request, email: String) throws -> Response {
        guard HubSpotPropertyRegistry.isPlausibleEmail(email) else {
            throw HubSpotErrors.validation("Invalid subscriberIdString: \(email)")
        }
        let nowMs = state.clock.nowMilliseconds()
        let verbose = request.query("verbose") == "true"
        let (results, changed) = state.data.withLock { data -> ([JSONValue], Bool) in
            let already = data.consent.consent(for: email).portalWideOptOutAtMs
            if already == nil {
                data.consent.setPortalWideOptOut(email: email, atMs: nowMs)
                data.reflectConsentOnContact(email: email, nowMs: nowMs)
            }
            let reason = already == nil ? "UNSUBSCRIBE_FROM_ALL_OCCURRED" : "NO_STATUS_CHANGE"
            let statuses = data.definitions.map { definition in
                Self.publicStatus(
                    email, definition, state: .unsubscribed, at: already ?? nowMs, source: "PORTAL_WIDE",
                    recorded: nil, reason: reason)
            }
            return (verbose ? statuses : [], already == nil)
        }
        if changed {
            logWrite(request, objectKey: "email:\(email.lowercased())#all", effect: ["portalWide": "UNSUBSCRIBED"])
        }
        return Response.json(action(results))
    }
}
