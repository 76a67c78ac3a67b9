import Hummingbird
import SandboxKit

/// Batch contact routes: read, create, update, upsert, archive (max 100 inputs each).
///
/// Source: `crm-contacts-v3.openapi.json` `/batch/*`; hubspot.md §4. Unknown or read-only properties fail the
/// whole request (400); per-input problems (not found, invalid email or option, duplicate email in the batch,
/// email taken) fail only that input and answer 207 with the others applied.
extension HubSpotAPI {
    static let batchLimit = 100

    func registerBatch(on router: Router<BasicRequestContext>, prefix: String) {
        router.post(RouterPath(prefix + "/batch/read")) { request, _ in try await batchRead(request) }
        router.post(RouterPath(prefix + "/batch/create")) { request, _ in try await batchWrite(request, mode: .create) }
        router.post(RouterPath(prefix + "/batch/update")) { request, _ in try await batchWrite(request, mode: .update) }
        router.post(RouterPath(prefix + "/batch/upsert")) { request, _ in try await batchWrite(request, mode: .upsert) }
        router.post(RouterPath(prefix + "/batch/archive")) { request, _ in try await batchArchive(request) }
    }

    private func inputs(_ body: JSONValue) throws -> [JSONValue] {
        guard let inputs = body["inputs"]?.arrayValue else { throw HubSpotErrors.validation("inputs is required") }
        guard inputs.count <= Self.batchLimit else {
            throw HubSpotErrors.validation(
                "Batch input limit exceeded: \(inputs.count) inputs given, max \(Self.batchLimit)")
        }
        return inputs
    }

    private static func idText(_ input: JSONValue) -> String? {
        input["id"]?.stringValue ?? input["id"]?.intValue.map(String.init)
    }

    private func batchRead(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        let inputs = try inputs(body)
        let properties = Self.stringArray(body["properties"])
        let idProperty = body["idProperty"]?.stringValue
        var outcome = HubSpotBatchOutcome(startedAt: nowISO())
        state.data.withLock { data in
            for input in inputs {
                let id = Self.idText(input) ?? ""
                if let found = data.contacts.resolve(id, idProperty: idProperty).flatMap({ data.contacts.live($0) }) {
                    outcome.results.append(found.json(properties: properties))
                } else {
                    outcome.fail(
                        category: "OBJECT_NOT_FOUND",
                        message:
                            "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.",
                        id: id, traceId: nil)
                }
            }
        }
        return outcome.response(successStatus: .ok, completedAt: nowISO())
    }

    enum BatchMode { case create, update, upsert }

    private func batchWrite(_ request: Request, mode: BatchMode) async throws -> Response {
        let body = try await jsonBody(request)
        let inputs = try inputs(body)
        let parsed = try inputs.map { try stringProperties($0["properties"]) }
        try state.data.withLock { data in
            for properties in parsed {
                if let problem = writeProblem(properties, registry: data.registry), problem.failsWholeRequest {
                    throw HubSpotErrors.propertyProblem(problem)
                }
            }
        }
        if mode == .upsert, inputs.contains(where: { $0["idProperty"]?.stringValue == nil }) {
            throw HubSpotErrors.validation("idProperty is required for upsert (e.g. \"email\")")
        }
        let nowMs = state.clock.nowMilliseconds()
        var outcome = HubSpotBatchOutcome(startedAt: nowISO())
        var applied: [(String, String?, [String: String])] = []
        state.data.withLock { data in
            var seen = Set<String>()
            for (input, properties) in zip(inputs, parsed) {
                let trace = input["objectWriteTraceId"]?.stringValue
                let id = Self.idText(input)
                let idProperty = input["idProperty"]?.stringValue
                let key = (idProperty == "email" ? id?.lowercased() : id) ?? properties["email"]?.lowercased() ?? ""
                if !key.isEmpty, !seen.insert(key).inserted {
                    outcome.fail(
                        category: "VALIDATION_ERROR", message: "Duplicate input \(key) in this batch", id: id,
                        traceId: trace)
                    continue
                }
                if let problem = writeProblem(properties, registry: data.registry) {
                    outcome.fail(
                        category: "VALIDATION_ERROR", message: "Property values were not valid: \(problem.message)",
                        id: id, traceId: trace)
                    continue
                }
                do {
                    let (record, isNew) = try apply(
                        mode, data: &data, id: id, idProperty: idProperty, properties: properties, nowMs: nowMs)
                    var json = record.json(properties: Array(properties.keys))
                    if mode == .upsert, case .object(var object) = json {
                        object["new"] = .bool(isNew)
                        json = .object(object)
                    }
                    if let trace, case .object(var object) = json {
                        object["objectWriteTraceId"] = .string(trace)
                        json = .object(object)
                    }
                    outcome.results.append(json)
                    applied.append(("contact:\(record.id)", trace, properties))
                } catch {
                    let (category, message) = Self.describe(error)
                    outcome.fail(category: category, message: message, id: id, traceId: trace)
                }
            }
        }
        for (objectKey, trace, properties) in applied {
            logWrite(request, objectKey: objectKey, idempotencyKey: trace, effect: Self.effect(properties))
        }
        return outcome.response(successStatus: mode == .create ? .created : .ok, completedAt: nowISO())
    }

    private func apply(
        _ mode: BatchMode, data: inout HubSpotSandboxData, id: String?, idProperty: String?,
        properties: [String: String], nowMs: Int64
    ) throws(HubSpotStoreError) -> (HubSpotContactRecord, Bool) {
        switch mode {
        case .create:
            let record = try data.contacts.create(properties: properties, nowMs: nowMs)
            return (data.applyConsentToNewContact(record), true)
        case .update:
            guard let id, let target = data.contacts.resolve(id, idProperty: idProperty) else {
                throw .notFound(id ?? "")
            }
            return (try data.contacts.update(id: target, properties: properties, nowMs: nowMs), false)
        case .upsert:
            guard let id, !id.isEmpty else { throw .invalid(.invalidEmail("")) }
            if idProperty == "email", !HubSpotPropertyRegistry.isPlausibleEmail(id) {
                throw .invalid(.invalidEmail(id))
            }
            if let target = data.contacts.resolve(id, idProperty: idProperty) {
                return (try data.contacts.update(id: target, properties: properties, nowMs: nowMs), false)
            }
            var withKey = properties
            if let idProperty, idProperty != "hs_object_id" { withKey[idProperty] = id }
            let record = try data.contacts.create(properties: withKey, nowMs: nowMs)
            return (data.applyConsentToNewContact(record), true)
        }
    }

    private static func describe(_ error: any Error) -> (String, String) {
        guard let error = error as? HubSpotStoreError else { return ("VALIDATION_ERROR", "\(error)") }
        return switch error {
        case .notFound(let id): ("OBJECT_NOT_FOUND", "Object \(id) does not exist")
        case .conflict(let existing): ("CONFLICT", "Contact already exists. Existing ID: \(existing)")
        case .invalid(let problem): ("VALIDATION_ERROR", "Property values were not valid: \(problem.message)")
        case .badMerge(let message): ("VALIDATION_ERROR", message)
        }
    }

    private func batchArchive(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        let inputs = try inputs(body)
        let nowMs = state.clock.nowMilliseconds()
        let archived = state.data.withLock { data in
            inputs.compactMap { input -> Int64? in
                guard let id = Self.idText(input).flatMap(Int64.init) else { return nil }
                let target = data.contacts.canonical(id)
                return data.contacts.archive(id: target, nowMs: nowMs) ? target : nil
            }
        }
        for id in archived { logWrite(request, objectKey: "contact:\(id)", effect: ["archived": true]) }
        return Response.empty(status: .noContent)
    }
}
