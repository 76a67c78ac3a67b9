import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// Looks up the contacts a push would create (writes without a record key) by email before anything is
    /// written: an address HubSpot already holds is never overwritten unread. A found contact answers
    /// `.exists(recordKey:current:)` with the contact as the `contacts` stream maps it, and its write is dropped;
    /// the engine applies it like a pulled change and plans again.
    ///
    /// One `batch/read` with `idProperty=email` for the create addresses (up to 100 per request), then one more
    /// for the `otherEmails` of the creates still not found. A read that fails with a retryable error answers
    /// `.retry` for the creates it covered, so none of them is written unread.
    /// - Returns: the outcomes by mutation index, and the writes still to send.
    /// - Throws: `ConnectorError` from the HTTP client when it gave up for another reason.
    func existingContacts(
        _ writes: [ContactWrite], mutations: [Mutation]
    ) async throws -> (outcomes: [(Int, PushOutcome)], remaining: [ContactWrite]) {
        var creates: [(write: ContactWrite, address: String)] = []
        for write in writes where write.recordKey == nil {
            if case .upsertByEmail(let email) = write.mode { creates.append((write, email)) }
        }
        guard !creates.isEmpty else { return ([], writes) }
        var decided: [Int: PushOutcome] = [:]
        var found: [String: PushOutcome] = [:]
        var tried = Set<String>()

        func lookUp(_ addresses: [String]) async throws {
            var unique: [String] = []
            var seen = Set<String>()
            for address in addresses where EmailAddress.isValid(address) && !tried.contains(address.lowercased()) {
                if seen.insert(address.lowercased()).inserted { unique.append(address) }
            }
            tried.formUnion(seen)
            var start = 0
            while start < unique.count {
                let chunk = Array(unique[start..<min(start + fetchBatchSize, unique.count)])
                start += chunk.count
                for (object, item) in try await readContacts(chunk, idProperty: "email", priority: false) {
                    let properties = object["properties"] as? [String: Any] ?? [:]
                    guard let email = HubSpotJSON.string(properties["email"])?.lowercased(), seen.contains(email),
                        let id = HubSpotJSON.string(object["id"])
                    else { continue }
                    switch item {
                    case .change(let change): found[email] = .exists(recordKey: id, current: change)
                    case .rejected(let record):
                        found[email] = .rejected(reason: "existing contact \(id) cannot be read: \(record.reason)")
                    }
                }
            }
        }

        do {
            try await lookUp(creates.map(\.address))
            let others = creates.filter { found[$0.address.lowercased()] == nil }.flatMap { create in
                let mutation = mutations[create.write.index]
                return (mutation.email.map { [$0] } ?? []) + mutation.otherEmails
            }
            try await lookUp(others)
        } catch let error as ConnectorError {
            guard case .retryLater(let afterMs) = error.recovery else { throw error }
            let reason = "address lookup failed: \(error.description)"
            let retries = creates.map { ($0.write.index, PushOutcome.retry(reason: reason, afterMs: afterMs)) }
            return (retries, writes.filter { $0.recordKey != nil })
        }
        for create in creates {
            let mutation = mutations[create.write.index]
            let addresses = [create.address] + (mutation.email.map { [$0] } ?? []) + mutation.otherEmails
            if let outcome = addresses.lazy.compactMap({ found[$0.lowercased()] }).first {
                decided[create.write.index] = outcome
            }
        }
        return (decided.map { ($0.key, $0.value) }, writes.filter { decided[$0.index] == nil })
    }
}
