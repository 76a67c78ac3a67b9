import Foundation
import Hummingbird
import SandboxKit

/// Basic contact routes: list, read, create, update, archive, merge.
///
/// Source: `crm-contacts-v3.openapi.json` (`/crm/v3/objects/contacts`, `/{contactId}`, `/merge`).
extension HubSpotAPI {
    func registerContacts(on router: Router<BasicRequestContext>, prefix: String) {
        router.get(RouterPath(prefix)) { request, _ in try list(request) }
        router.get(RouterPath(prefix + "/{contactId}")) { request, context in
            try read(request, id: context.parameters.get("contactId") ?? "")
        }
        router.post(RouterPath(prefix)) { request, _ in try await create(request) }
        router.patch(RouterPath(prefix + "/{contactId}")) { request, context in
            try await update(request, id: context.parameters.get("contactId") ?? "")
        }
        router.delete(RouterPath(prefix + "/{contactId}")) { request, context in
            archive(request, id: context.parameters.get("contactId") ?? "")
        }
        router.post(RouterPath(prefix + "/merge")) { request, _ in try await merge(request) }
    }

    private func list(_ request: Request) throws -> Response {
        let limitText = request.query("limit") ?? "10"
        guard let limit = Int(limitText), limit >= 1 else {
            throw HubSpotErrors.validation("limit must be a positive integer")
        }
        guard limit <= 100 else { throw HubSpotErrors.validation("limit must be less than or equal to 100") }
        let afterText = request.query("after") ?? "0"
        guard let after = Int64(afterText) else { throw HubSpotErrors.validation("Invalid after value: \(afterText)") }
        let archived = request.query("archived") == "true"
        let properties = requestedProperties(request)
        let (page, next) = state.data.withLock {
            $0.contacts.listPage(afterId: after, limit: limit, archived: archived)
        }
        var body: [String: JSONValue] = ["results": .array(page.map { $0.json(properties: properties) })]
        if let next {
            body["paging"] = ["next": ["after": .string(String(next)), "link": .string("?after=\(next)")]]
        }
        return Response.json(.object(body))
    }

    private func read(_ request: Request, id: String) throws -> Response {
        let idProperty = request.query("idProperty")
        let properties = requestedProperties(request)
        let decoded = id.removingPercentEncoding ?? id
        let found = state.data.withLock { data -> HubSpotContactRecord? in
            if request.query("archived") == "true", let numeric = Int64(decoded),
                let record = data.contacts.records[numeric], record.isArchived
            {
                return record
            }
            return data.contacts.resolve(decoded, idProperty: idProperty).flatMap { data.contacts.live($0) }
        }
        guard let found else { throw HubSpotErrors.notFound() }
        return Response.json(found.json(properties: properties))
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        let properties = try stringProperties(body["properties"])
        let nowMs = state.clock.nowMilliseconds()
        let record = try state.data.withLock { data throws -> HubSpotContactRecord in
            if let problem = writeProblem(properties, registry: data.registry) {
                throw HubSpotErrors.propertyProblem(problem)
            }
            do {
                let created = try data.contacts.create(properties: properties, nowMs: nowMs)
                return data.applyConsentToNewContact(created)
            } catch { throw HubSpotErrors.from(error) }
        }
        logWrite(request, objectKey: "contact:\(record.id)", effect: Self.effect(properties))
        return Response.json(record.json(properties: Array(properties.keys)), status: .created)
    }

    private func update(_ request: Request, id: String) async throws -> Response {
        let body = try await jsonBody(request)
        let properties = try stringProperties(body["properties"])
        let nowMs = state.clock.nowMilliseconds()
        let idProperty = request.query("idProperty")
        let decoded = id.removingPercentEncoding ?? id
        let record = try state.data.withLock { data throws -> HubSpotContactRecord in
            guard let target = data.contacts.resolve(decoded, idProperty: idProperty) else {
                throw HubSpotErrors.notFound()
            }
            if let problem = writeProblem(properties, registry: data.registry) {
                throw HubSpotErrors.propertyProblem(problem)
            }
            do {
                let updated = try data.contacts.update(id: target, properties: properties, nowMs: nowMs)
                return properties["email"] == nil ? updated : data.applyConsentToNewContact(updated)
            } catch { throw HubSpotErrors.from(error) }
        }
        logWrite(request, objectKey: "contact:\(record.id)", effect: Self.effect(properties))
        return Response.json(record.json(properties: Array(properties.keys)))
    }

    private func archive(_ request: Request, id: String) -> Response {
        let nowMs = state.clock.nowMilliseconds()
        let archived = state.data.withLock { data -> Int64? in
            guard let target = Int64(id).map({ data.contacts.canonical($0) }),
                data.contacts.archive(id: target, nowMs: nowMs)
            else { return nil }
            return target
        }
        if let archived { logWrite(request, objectKey: "contact:\(archived)", effect: ["archived": true]) }
        return Response.empty(status: .noContent)
    }

    private func merge(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        let primaryText = body["primaryObjectId"]?.stringValue ?? body["primaryObjectId"]?.intValue.map(String.init)
        let mergedText = body["objectIdToMerge"]?.stringValue ?? body["objectIdToMerge"]?.intValue.map(String.init)
        guard let primary = primaryText.flatMap(Int64.init), let merged = mergedText.flatMap(Int64.init) else {
            throw HubSpotErrors.validation("primaryObjectId and objectIdToMerge are required")
        }
        let nowMs = state.clock.nowMilliseconds()
        let survivor = try state.data.withLock { data throws -> HubSpotContactRecord in
            do { return try data.contacts.merge(primary: primary, secondary: merged, nowMs: nowMs) } catch {
                throw HubSpotErrors.from(error)
            }
        }
        logWrite(request, objectKey: "contact:\(survivor.id)", effect: ["mergedFrom": .string(String(merged))])
        return Response.json(survivor.json(properties: ["hs_merged_object_ids"]))
    }
}
