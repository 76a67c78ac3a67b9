import Hummingbird
import SandboxKit

/// `POST /crm/v3/properties/contacts` (create a custom contact property) and `GET /crm/v3/properties/contacts/{name}`.
///
/// Body `{name, label, type, fieldType, groupName, ...}` → 201 with the property; an existing name → 409
/// `CONFLICT`; unknown names on `GET` → 404. Only text properties are modelled (`type` `string`).
/// Source: `specs/hubspot/crm-properties-v3.openapi.json` (`post-/crm/v3/properties/{objectType}`).
extension HubSpotAPI {
    func registerProperties(on router: Router<BasicRequestContext>) {
        router.post("/crm/v3/properties/contacts") { request, _ in try await createProperty(request) }
        router.get("/crm/v3/properties/contacts/:name") { request, context in
            let name = context.parameters.get("name") ?? ""
            guard state.data.withLock({ $0.registry.knows(name) }) else { throw HubSpotErrors.notFound("Unable to find property \(name)") }
            return Response.json(Self.property(name: name, label: name))
        }
    }

    private func createProperty(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        guard let name = body["name"]?.stringValue, !name.isEmpty,
              name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" })
        else { throw HubSpotErrors.validation("name is required: lower-case letters, digits and underscores") }
        guard let label = body["label"]?.stringValue, !label.isEmpty else { throw HubSpotErrors.validation("label is required") }
        let created = state.data.withLock { data -> Bool in
            guard !data.registry.knows(name) else { return false }
            data.registry.addCustomIfUnknown(name)
            return true
        }
        guard created else {
            return Response.json([
                "status": "error", "message": .string("A property named '\(name)' already exists."), "category": "CONFLICT",
                "correlationId": .string(HubSpotErrors.correlationId()),
            ], status: .conflict)
        }
        logWrite(request, objectKey: "property:\(name)", idempotencyKey: nil, effect: body)
        return Response.json(Self.property(name: name, label: label), status: .created)
    }

    private static func property(name: String, label: String) -> JSONValue {
        [
            "name": .string(name), "label": .string(label), "type": "string", "fieldType": "text",
            "groupName": "contactinformation", "hidden": false, "formField": false, "calculated": false,
            "externalOptions": false, "hasUniqueValue": false, "options": [],
            "modificationMetadata": ["archivable": true, "readOnlyDefinition": false, "readOnlyValue": false],
        ]
    }
}
