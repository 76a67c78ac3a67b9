import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// Pushes a batch: attribute (and suppression) writes go out as contact batch requests, consent and events one
    /// by one. A contact to create whose address HubSpot already holds is not written: it answers `.exists` with
    /// the contact as HubSpot holds it (see `existingContacts`). Returns exactly one outcome per mutation, in order.
    /// - Throws: `ConnectorError` only when the HTTP client gave up on a request shared by the whole batch.
    public func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        var outcomes = [PushOutcome?](repeating: nil, count: mutations.count)
        var writes: [ContactWrite] = []
        for (index, mutation) in mutations.enumerated() {
            switch mutation.payload {
            case .attributes(let fields):
                switch ContactWrite.make(index: index, mutation: mutation, fields: fields, configuration: configuration)
                {
                case .success(let write): writes.append(write)
                case .failure(let outcome): outcomes[index] = outcome
                }
            case .suppression(let suppression):
                guard let property = configuration.suppressionProperty else {
                    outcomes[index] = .rejected(reason: "not supported by hubspot connector")
                    continue
                }
                let properties = [property: suppression.reason.rawValue]
                switch ContactWrite.make(index: index, mutation: mutation, properties: properties) {
                case .success(let write): writes.append(write)
                case .failure(let outcome): outcomes[index] = outcome
                }
            case .consent, .event:
                continue
            }
        }
        let (existing, remaining) = try await existingContacts(writes, mutations: mutations)
        for (index, outcome) in existing { outcomes[index] = outcome }
        for (index, outcome) in try await pushContactWrites(remaining) { outcomes[index] = outcome }
        for (index, mutation) in mutations.enumerated() where outcomes[index] == nil {
            switch mutation.payload {
            case .consent(let key, let record):
                outcomes[index] = try await pushConsent(key: key, record: record, mutation: mutation)
            case .event(let event):
                outcomes[index] = try await pushEvent(event, mutation: mutation)
            default:
                outcomes[index] = .rejected(reason: "not supported by hubspot connector")
            }
        }
        return outcomes.map { $0 ?? .retry(reason: "no outcome recorded", afterMs: nil) }
    }

    /// A reason for a dead letter or retry: the vendor's category and message without email addresses.
    static func reason(_ category: String?, _ message: String?) -> String {
        let text = [category, message].compactMap { $0 }.joined(separator: ": ")
        return Redactor.default.redact(text: text.isEmpty ? "refused by HubSpot" : text, emails: .remove)
    }
}
