import Hummingbird
import SandboxKit

/// `POST /crm/v3/properties/contacts` (create a custom contact property), `GET /crm/v3/properties/contacts` (all
/// contact properties, `CollectionResponsePropertyNoPaging` `{"results": [Property]}`, `archived=true` → none) and
/// `GET /crm/v3/properties/contacts/{name}`; `GET /crm/v3/schemas` lists the portal's custom object schemas (none
/// here: `{"results": []}`; documented at developers.hubspot.com CRM custom objects, not in the stored specs).
///
/// Body `{name, label, type, fieldType, groupName, ...}` → 201 with the property; an existing name → 409
/// `CONFLICT`; unknown names on `GET` → 404. Only text properties are modelled (`type` `string`).
/// Source: `specs/hubspot/crm-properties-v3.openapi.json` (`post-/crm/v3/properties/{objectType}`).
extension HubSpotAPI {
    func registerProperties(on router: Router<BasicRequestContext>) {
        router.post("/crm/v3/properties/contacts") { request, _ in try await createProperty(request) }
        router.get("/crm/v3/properties/contacts") { request, _ in
            guard request.query("archived") != "true" else { return Response.json(["results": []]) }
            let definitions = state.data.withLock { $0.registry.definitions.values.sorted { $0.name < $1.name } }
            return Response.json(["results": .array(definitions.enumerated().map { Self.property($1, order: $0) })])
        }
        router.get("/crm/v3/schemas") { _, _ in Response.json(["results": []]) }
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

    /// A registry entry as a `Property`: text → `string`/`text`, number → `number`/`number`, datetime →
    /// `datetime`/`date`, enumeration → `enumeration`/`select` with its options, bool → `bool`/`booleancheckbox`.
    private static func property(_ definition: HubSpotPropertyDefinition, order: Int) -> JSONValue {
        let (type, fieldType, options): (String, String, [String]) = switch definition.type {
        case .string: ("string", "text", [])
        case .number: ("number", "number", [])
        case .datetime: ("datetime", "date", [])
        case let .enumeration(values): ("enumeration", "select", values)
        case .bool: ("bool", "booleancheckbox", ["true", "false"])
        }
        return [
            "name": .string(definition.name), "label": .string(definition.name), "type": .string(type),
            "fieldType": .string(fieldType), "groupName": "contactinformation", "description": "",
            "options": .array(options.enumerated().map { index, value in
                ["label": .string(value), "value": .string(value), "displayOrder": .int(Int64(index)), "hidden": false]
            }),
            "displayOrder": .int(Int64(order)), "hidden": false, "formField": false, "calculated": false,
            "externalOptions": false, "hasUniqueValue": .bool(definition.name == "hs_object_id"), "archived": false,
            "modificationMetadata": [
                "archivable": false, "readOnlyDefinition": true, "readOnlyValue": .bool(definition.readOnly),
            ],
        ]
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
