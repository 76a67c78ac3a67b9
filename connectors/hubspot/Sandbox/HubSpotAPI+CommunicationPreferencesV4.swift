import Foundation
import Hummingbird
import SandboxKit

/// Communication preferences v4: statuses (single, batch read/write), unsubscribe-all, definitions.
///
/// Source: `communication-preferences-v4.openapi.json`. v4 vocabulary is SUBSCRIBED / UNSUBSCRIBED / NOT_SPECIFIED,
/// each status carries its last-change `timestamp`; v4 can resubscribe (clearing a portal-wide opt-out).
/// Statuses never set for an address are omitted. `unsubscribe-all` lists statuses only with `verbose=true`.
extension HubSpotAPI {
    private static let v4 = "/communication-preferences/v4"

    func registerCommunicationPreferencesV4(on router: Router<BasicRequestContext>) {
        router.get(RouterPath(Self.v4 + "/definitions")) { _, _ in
            let definitions = state.data.withLock { $0.definitions }
            return Response.json(action(definitions.map(\.json)))
        }
        router.post(RouterPath(Self.v4 + "/statuses/batch/read")) { request, _ in
            try requireEmailChannel(request)
            let emails = Self.stringArray(try await jsonBody(request)["inputs"])
            let results: [JSONValue] = state.data.withLock { data in
                emails.map { ["subscriberIdString": .string($0), "statuses": .array(v4Statuses(data, email: $0))] }
            }
            return Response.json(action(results))
        }
        router.post(RouterPath(Self.v4 + "/statuses/batch/write")) { request, _ in
            let inputs = try await jsonBody(request)["inputs"]?.arrayValue ?? []
            return Response.json(
                action(
                    try inputs.map { try setV4(request, input: $0, email: $0["subscriberIdString"]?.stringValue ?? "") }
                ))
        }
        router.get(RouterPath(Self.v4 + "/statuses/{subscriberIdString}")) { request, context in
            try requireEmailChannel(request)
            let email = Self.pathEmail(context)
            return Response.json(action(state.data.withLock { v4Statuses($0, email: email) }))
        }
        router.post(RouterPath(Self.v4 + "/statuses/{subscriberIdString}")) { request, context in
            let body = try await jsonBody(request)
            return Response.json(action([try setV4(request, input: body, email: Self.pathEmail(context))]))
        }
        router.get(RouterPath(Self.v4 + "/statuses/{subscriberIdString}/unsubscribe-all")) { request, context in
            try requireEmailChannel(request)
            let email = Self.pathEmail(context)
            let wide = state.data.withLock { $0.consent.consent(for: email).portalWideOptOutAtMs }
            let results: [JSONValue] =
                wide.map { at in
                    [
                        [
                            "subscriberIdString": .string(email), "wideStatusType": "PORTAL_WIDE",
                            "status": "UNSUBSCRIBED",
                            "channel": "EMAIL", "businessUnitId": 0,
                            "timestamp": .string(SandboxTimestamp.iso8601(milliseconds: at)),
                        ]
                    ]
                } ?? []
            return Response.json(action(results))
        }
        router.post(RouterPath(Self.v4 + "/statuses/{subscriberIdString}/unsubscribe-all")) { request, context in
            try requireEmailChannel(request)
            return try unsubscribeAll(request, email: Self.pathEmail(context))
        }
    }

    private static func pathEmail(_ context: BasicRequestContext) -> String {
        let raw = context.parameters.get("subscriberIdString") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    private func requireEmailChannel(_ request: Request) throws {
        guard request.query("channel") == "EMAIL" else {
            throw HubSpotErrors.validation("channel is required and must be EMAIL")
        }
    }

    /// ActionResponse `{status, results, startedAt, completedAt}`.
    func action(_ results: [JSONValue]) -> JSONValue {
        ["status": "COMPLETE", "results": .array(results), "startedAt": nowISO(), "completedAt": nowISO()]
    }

    func v4Statuses(_ data: HubSpotSandboxData, email: String) -> [JSONValue] {
        let consent = data.consent.consent(for: email)
        return data.definitions.compactMap { definition in
            if let wideAt = consent.portalWideOptOutAtMs {
                return Self.publicStatus(
                    email, definition, state: .unsubscribed, at: wideAt, source: "PORTAL_WIDE", recorded: nil)
            }
            guard let recorded = consent.statuses[definition.id] else { return nil }
            return Self.publicStatus(
                email, definition, state: recorded.state, at: recorded.changedAtMs,
                source: recorded.source, recorded: recorded)
        }
    }

    static func publicStatus(
        _ email: String, _ definition: HubSpotSubscriptionDefinition,
        state: HubSpotSubscriptionStatus.State, at: Int64, source: String,
        recorded: HubSpotSubscriptionStatus?, reason: String? = nil
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "subscriberIdString": .string(email), "subscriptionId": .int(definition.id),
            "subscriptionName": .string(definition.name), "channel": "EMAIL", "status": .string(state.rawValue),
            "source": .string(source), "timestamp": .string(SandboxTimestamp.iso8601(milliseconds: at)),
            "businessUnitId": .int(definition.businessUnitId),
        ]
        if let basis = recorded?.legalBasis { object["legalBasis"] = .string(basis) }
        if let explanation = recorded?.legalBasisExplanation { object["legalBasisExplanation"] = .string(explanation) }
        if let reason { object["setStatusSuccessReason"] = .string(reason) }
        return .object(object)
    }
}
