import ConnectorKit
import Foundation
import SyncCore

extension SFMCConnector {
    /// Pushes a batch: every subscriber write goes into one SOAP `Create` with `SaveOptions` `UpdateAdd` (upsert by
    /// `SubscriberKey`), email opt-outs are then logged with `LogUnsubEvent` (when configured), and events go to the
    /// configured Data Extension through the REST rowset endpoint. Returns exactly one outcome per mutation, in
    /// order; per-result `StatusCode`/`ErrorCode` decide each item's outcome.
    ///
    /// A mutation without a `recordKey` first looks its email up (`Retrieve Subscriber`, `EmailAddress equals`):
    /// when a subscriber already holds the address the outcome is `.exists` with that subscriber (never
    /// overwritten unread); otherwise the subscriber is created with `SubscriberKey` = `personRef`.
    /// - Throws: `ConnectorError` only when a lookup or the `Create` call failed as a whole.
    public func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        var plan = PushPlan(count: mutations.count)
        var lookups: [String: PushOutcome?] = [:]
        for (index, mutation) in mutations.enumerated() {
            var key = mutation.recordKey
            var isNew = false
            if key == nil, !isEvent(mutation.payload) {
                guard let email = mutation.email, EmailAddress.isValid(email) else {
                    plan.outcomes[index] = .rejected(reason: "no SubscriberKey and no valid email to create the subscriber")
                    continue
                }
                let normalized = email.lowercased()
                if lookups[normalized] == nil { lookups[normalized] = try await lookUp(email: email) }
                if let existing = lookups[normalized] ?? nil {
                    plan.outcomes[index] = existing
                    continue
                }
                key = mutation.personRef
                isNew = true
            }
            plan.add(index: index, mutation: mutation, subscriberKey: key, isNew: isNew, configuration: configuration)
        }
        try await applyObjects(&plan, mutations)
        await logUnsubscribes(plan)
        await pushRows(&plan)
        return plan.outcomes.map { $0 ?? .retry(reason: "no outcome recorded", afterMs: nil) }
    }

    private func isEvent(_ payload: MutationPayload) -> Bool {
        if case .event = payload { return true }
        return false
    }

    /// `.exists` for the first subscriber (by key) holding `email`, or `nil` when none does.
    private func lookUp(email: String) async throws -> PushOutcome? {
        let page = try await retrieve("Subscriber", properties: Self.subscriberProperties,
                                      filter: .oneOf("EmailAddress", [email]), continueID: nil)
        let candidates = page.results.sorted { ($0.value("SubscriberKey") ?? "") < ($1.value("SubscriberKey") ?? "") }
        guard let first = candidates.first else { return nil }
        switch subscriberMapper.map(first) {
        case let .change(change):
            guard let key = change.recordKey else { return nil }
            return .exists(recordKey: key, current: change)
        case let .rejected(record):
            return .rejected(reason: "a subscriber already holds this address but cannot be read: \(record.reason)")
        }
    }

    /// One SOAP `Create` (UpdateAdd) for every planned object; settles each item from its `OrdinalID` result.
    private func applyObjects(_ plan: inout PushPlan, _ mutations: [Mutation]) async throws {
        guard !plan.objects.isEmpty else { return }
        let objects = plan.objects
        let idempotency = "create:" + objects.map { mutations[$0.index].idempotencyKey }.joined(separator: ",")
        let message = try await soap("Create", operation: "create.Subscriber", idempotencyKey: idempotency) { xml in
            xml.open("CreateRequest", [("xmlns", SOAPEnvelope.partnerNS)])
            xml.open("Options")
            xml.open("SaveOptions")
            xml.open("SaveOption")
            xml.element("PropertyName", "*")
            xml.element("SaveAction", "UpdateAdd")
            xml.close("SaveOption")
            xml.close("SaveOptions")
            xml.close("Options")
            for entry in objects { entry.object.write(into: &xml) }
            xml.close("CreateRequest")
        }
        let results = message.all("Results")
        for (position, result) in results.enumerated() {
            let ordinal = result.value("OrdinalID").flatMap { Int($0) } ?? position
            guard objects.indices.contains(ordinal) else { continue }
            let (index, object) = objects[ordinal]
            if result.value("StatusCode") == "OK" {
                plan.outcomes[index] = .applied(recordKey: object.subscriberKey)
            } else {
                let code = result.value("ErrorCode").map { "ErrorCode \($0): " } ?? ""
                plan.outcomes[index] = .rejected(reason: Self.clean(code + (result.value("StatusMessage") ?? "refused by SFMC")))
                plan.unsubscribeLogs.removeAll { $0.index == index }
            }
        }
        for (index, _) in objects where plan.outcomes[index] == nil {
            plan.outcomes[index] = .retry(reason: "Create returned no result for this object", afterMs: nil)
            plan.unsubscribeLogs.removeAll { $0.index == index }
        }
    }
}
