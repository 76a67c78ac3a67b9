import ConnectorKit
import Foundation
import SyncCore

extension HubSpotConnector {
    /// Sends contact writes as `batch/upsert` (by email) and `batch/update` (by id) requests and maps every input
    /// to an outcome. HubSpot refuses a batch naming one contact twice (`VALIDATION_ERROR` "Duplicate input"), so
    /// writes to a contact already in the request (e.g. an attribute update and a suppression of the same person)
    /// go in a follow-up request of the same push, in their batch order. A request refused as a whole is split in
    /// halves until the refused input is alone, so valid inputs still go through.
    func pushContactWrites(_ writes: [ContactWrite]) async throws -> [(Int, PushOutcome)] {
        var outcomes: [(Int, PushOutcome)] = []
        var remaining = writes
        while !remaining.isEmpty {
            var targets = Set<String>()
            var upserts: [ContactWrite] = []
            var updates: [ContactWrite] = []
            var later: [ContactWrite] = []
            for write in remaining {
                guard targets.insert(write.targetKey).inserted else {
                    later.append(write)
                    continue
                }
                if case .upsertByEmail = write.mode { upserts.append(write) } else { updates.append(write) }
            }
            if !upserts.isEmpty { outcomes += try await sendContactBatch(upserts, upsert: true) }
            if !updates.isEmpty { outcomes += try await sendContactBatch(updates, upsert: false) }
            remaining = later
        }
        return outcomes
    }

    private func sendContactBatch(_ writes: [ContactWrite], upsert: Bool) async throws -> [(Int, PushOutcome)] {
        let operation = upsert ? "contacts.batchUpsert" : "contacts.batchUpdate"
        let path = upsert ? "/crm/v3/objects/contacts/batch/upsert" : "/crm/v3/objects/contacts/batch/update"
        let inputs = writes.map { write -> BatchInput in
            switch write.mode {
            case .upsertByEmail(let email):
                BatchInput(
                    id: email, idProperty: "email", objectWriteTraceId: write.traceId, properties: write.properties)
            case .updateById(let id):
                BatchInput(id: id, idProperty: nil, objectWriteTraceId: write.traceId, properties: write.properties)
            }
        }
        let response: VendorResponse
        do {
            response = try await client.send(
                try jsonRequest(.post, path, body: ["inputs": inputs], operation: operation))
        } catch let error as ConnectorError {
            guard case .retryLater(let afterMs) = error.recovery else { throw error }
            return writes.map { ($0.index, .retry(reason: error.description, afterMs: afterMs)) }
        }
        guard let body = HubSpotJSON.object(response.body) else {
            return writes.map { ($0.index, .retry(reason: "\(operation): response is not JSON", afterMs: nil)) }
        }
        if !response.isSuccess {
            if writes.count > 1 {
                let half = writes.count / 2
                return try await sendContactBatch(Array(writes[..<half]), upsert: upsert)
                    + sendContactBatch(Array(writes[half...]), upsert: upsert)
            }
            let category = HubSpotJSON.string(body["category"])
            return [
                (writes[0].index, Self.itemOutcome(category: category, message: HubSpotJSON.string(body["message"])))
            ]
        }
        return try await mapBatchResult(body, writes: writes, upsert: upsert)
    }

    /// Maps `results[]` and `errors[]` of a 200/207 batch response back to the inputs by `objectWriteTraceId`,
    /// else by the input id (email or contact id). Inputs left without an answer are sent again one by one.
    private func mapBatchResult(
        _ body: [String: Any], writes: [ContactWrite], upsert: Bool
    ) async throws -> [(Int, PushOutcome)] {
        var outcome: [String: PushOutcome] = [:]
        func find(trace: String?, id: String?) -> ContactWrite? {
            if let trace, let write = writes.first(where: { $0.traceId == trace }) { return write }
            guard let id else { return nil }
            return writes.first { write in
                switch write.mode {
                case .upsertByEmail(let email): email.lowercased() == id.lowercased()
                case .updateById(let key): key == id
                }
            }
        }
        for case let result as [String: Any] in body["results"] as? [Any] ?? [] {
            let properties = result["properties"] as? [String: Any] ?? [:]
            let id = HubSpotJSON.string(result["id"])
            let match = find(
                trace: HubSpotJSON.string(result["objectWriteTraceId"]),
                id: upsert ? HubSpotJSON.string(properties["email"]) : id)
            if let match, let id { outcome[match.traceId] = .applied(recordKey: id) }
        }
        var unmatchedErrors: [[String: Any]] = []
        for case let error as [String: Any] in body["errors"] as? [Any] ?? [] {
            let context = error["context"] as? [String: Any] ?? [:]
            let trace = (context["objectWriteTraceId"] as? [Any])?.first.flatMap(HubSpotJSON.string)
            let id = (context["ids"] as? [Any])?.first.flatMap(HubSpotJSON.string)
            let result = Self.itemOutcome(
                category: HubSpotJSON.string(error["category"]), message: HubSpotJSON.string(error["message"]))
            if let match = find(trace: trace, id: id), outcome[match.traceId] == nil {
                outcome[match.traceId] = result
            } else {
                unmatchedErrors.append(error)
            }
        }
        let missing = writes.filter { outcome[$0.traceId] == nil }
        var outcomes = writes.compactMap { write in outcome[write.traceId].map { (write.index, $0) } }
        if missing.count == 1, let error = unmatchedErrors.first, writes.count == 1 {
            outcomes.append(
                (
                    missing[0].index,
                    Self.itemOutcome(
                        category: HubSpotJSON.string(error["category"]), message: HubSpotJSON.string(error["message"])
                    )
                ))
        } else if !missing.isEmpty, writes.count > 1 {
            for write in missing { outcomes += try await sendContactBatch([write], upsert: upsert) }
        } else {
            outcomes += missing.map {
                ($0.index, .retry(reason: "HubSpot returned no result for this input", afterMs: nil))
            }
        }
        return outcomes
    }

    /// A per-item error: validation, conflict and not-found are final (dead letter), anything else is retried.
    static func itemOutcome(category: String?, message: String?) -> PushOutcome {
        let final: Set<String> = [
            "VALIDATION_ERROR", "CONFLICT", "OBJECT_NOT_FOUND", "INVALID_EMAIL", "PROPERTY_DOESNT_EXIST",
            "READ_ONLY_VALUE",
        ]
        let text = reason(category, message)
        return final.contains(category ?? "") ? .rejected(reason: text) : .retry(reason: text, afterMs: nil)
    }
}

/// One input of `batch/upsert` or `batch/update`.
struct BatchInput: Encodable, Sendable {
    var id: String
    var idProperty: String?
    var objectWriteTraceId: String
    var properties: [String: String]
}
