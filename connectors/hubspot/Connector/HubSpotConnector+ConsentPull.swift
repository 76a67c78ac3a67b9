import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// Turns mapped contacts into pulled items, adding each live contact's email consent observations.
    ///
    /// Statuses are read per address (v3) or per page (v4 batch) when `fetchConsentStatuses` is on and subscription
    /// types are managed; otherwise only the `hs_email_optout*` properties count.
    /// - Throws: `ConnectorError` when a status read fails as a whole (the page is then retried by the engine).
    func withConsent(_ items: [MappedItem], priority: Bool = false) async throws -> [PulledItem] {
        let emails = items.compactMap { item -> String? in
            guard case .contact(let contact) = item, !contact.change.deleted else { return nil }
            return contact.change.email
        }
        let statuses = try await readStatuses(emails, priority: priority)
        return items.map { item in
            switch item {
            case .rejected(let record):
                return .rejected(record)
            case .contact(let contact):
                var change = contact.change
                if !change.deleted {
                    let known = change.email.flatMap { statuses?[$0.lowercased()] ?? (statuses == nil ? nil : []) }
                    change.consent = consentMapper.observations(
                        statuses: known, properties: contact.properties, modifiedMs: contact.modifiedMs
                    )
                }
                return .change(change)
            }
        }
    }

    /// Statuses by lower-cased address; `nil` when statuses are not read at all.
    private func readStatuses(_ emails: [String], priority: Bool) async throws -> [String: [SubscriptionStatus]]? {
        guard configuration.fetchConsentStatuses, !configuration.subscriptionTypes.isEmpty else { return nil }
        guard !emails.isEmpty else { return [:] }
        switch configuration.consentAPI {
        case .v4: return try await readStatusesV4(emails, priority: priority)
        case .v3: return try await readStatusesV3(emails, priority: priority)
        }
    }

    /// `GET /communication-preferences/v3/status/email/{emailAddress}` per address, a few in parallel.
    /// Source: `communication-preferences-v3.openapi.json`. A 400/404 (address refused) yields no statuses.
    private func readStatusesV3(_ emails: [String], priority: Bool) async throws -> [String: [SubscriptionStatus]] {
        var result: [String: [SubscriptionStatus]] = [:]
        let unique = Array(Set(emails.map { $0.lowercased() })).sorted()
        var index = 0
        while index < unique.count {
            let chunk = unique[index..<min(index + configuration.consentConcurrency, unique.count)]
            index += chunk.count
            try await withThrowingTaskGroup(of: (String, [SubscriptionStatus]?).self) { group in
                for email in chunk {
                    group.addTask { (email, try await readStatusV3(email, priority: priority)) }
                }
                for try await (email, statuses) in group { result[email] = statuses ?? [] }
            }
        }
        return result
    }

    func readStatusV3(_ email: String, priority: Bool = false) async throws -> [SubscriptionStatus]? {
        let path = "/communication-preferences/v3/status/email/" + VendorRequest.encodePathSegment(email)
        var request = VendorRequest(.get, path, operation: "consent.status")
        request.priority = priority
        let response = try await client.send(request)
        guard response.isSuccess else { return nil }
        guard let object = HubSpotJSON.object(response.body), let list = object["subscriptionStatuses"] as? [Any] else {
            throw ConnectorError(
                .malformedResponse, "status response without subscriptionStatuses", vendor: "hubspot",
                operation: "consent.status", httpStatus: response.status)
        }
        return list.compactMap { item in
            guard let status = item as? [String: Any], let id = HubSpotJSON.string(status["id"]),
                let word = HubSpotJSON.string(status["status"])
            else { return nil }
            return SubscriptionStatus(
                id: id, status: word, source: HubSpotJSON.string(status["sourceOfStatus"]),
                legalBasis: HubSpotJSON.string(status["legalBasis"]), atMs: nil
            )
        }
    }

    /// `POST /communication-preferences/v4/statuses/batch/read?channel=EMAIL` with `{inputs: [addresses]}`,
    /// 100 addresses per request. Source: `communication-preferences-v4.openapi.json`.
    private func readStatusesV4(_ emails: [String], priority: Bool) async throws -> [String: [SubscriptionStatus]] {
        var result: [String: [SubscriptionStatus]] = [:]
        let unique = Array(Set(emails.map { $0.lowercased() })).sorted()
        for start in stride(from: 0, to: unique.count, by: 100) {
            let chunk = Array(unique[start..<min(start + 100, unique.count)])
            var request = try jsonRequest(
                .post, "/communication-preferences/v4/statuses/batch/read", body: ["inputs": chunk],
                query: [URLQueryItem(name: "channel", value: "EMAIL")], operation: "consent.v4.batchRead"
            )
            request.priority = priority
            let response = try await client.send(request)
            guard let object = HubSpotJSON.object(response.body) else {
                throw ConnectorError(
                    .malformedResponse, "batch status response is not JSON", vendor: "hubspot",
                    operation: "consent.v4.batchRead", httpStatus: response.status)
            }
            for email in chunk { result[email] = [] }
            for entry in object["results"] as? [Any] ?? [] {
                guard let entry = entry as? [String: Any], let email = HubSpotJSON.string(entry["subscriberIdString"])
                else { continue }
                result[email.lowercased()] = (entry["statuses"] as? [Any] ?? []).compactMap(Self.v4Status)
            }
        }
        return result
    }

    private static func v4Status(_ item: Any) -> SubscriptionStatus? {
        guard let status = item as? [String: Any], let id = HubSpotJSON.string(status["subscriptionId"]),
            let word = HubSpotJSON.string(status["status"])
        else { return nil }
        let at = HubSpotJSON.string(status["timestamp"]).flatMap { try? HubSpotJSON.millis($0, field: "timestamp") }
        return SubscriptionStatus(
            id: id, status: word, source: HubSpotJSON.string(status["source"]),
            legalBasis: HubSpotJSON.string(status["legalBasis"]), atMs: at
        )
    }
}
