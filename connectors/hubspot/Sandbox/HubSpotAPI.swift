import Hummingbird
import SandboxKit

/// The HubSpot routes and the helpers they share; one extension per API family.
struct HubSpotAPI: Sendable {
    static let contactPrefixes = ["/crm/v3/objects/contacts", "/crm/objects/2026-03/contacts"]

    let state: HubSpotSandboxState
    /// `expires_in` of issued OAuth access tokens, seconds.
    let tokenLifetime: Int64

    func register(on router: Router<BasicRequestContext>) {
        for prefix in Self.contactPrefixes {
            registerContacts(on: router, prefix: prefix)
            registerBatch(on: router, prefix: prefix)
            registerSearch(on: router, prefix: prefix)
        }
        registerCommunicationPreferencesV3(on: router)
        registerCommunicationPreferencesV4(on: router)
        registerEmailEvents(on: router)
        registerCustomEvents(on: router)
        registerProperties(on: router)
        registerOAuth(on: router)
    }

    /// The request body as JSON, or HubSpot's 400 for a missing / invalid body.
    func jsonBody(_ request: Request) async throws -> JSONValue {
        var request = request
        guard let body = try await request.sandboxJSONBody() else { throw HubSpotErrors.invalidJSON }
        return body
    }

    /// A `properties` object converted to strings (HubSpot stores every value as a string; `null` clears).
    func stringProperties(_ value: JSONValue?) throws -> [String: String] {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue else { throw HubSpotErrors.validation("properties must be an object") }
        var result: [String: String] = [:]
        for (name, raw) in object {
            switch raw {
            case .string(let text): result[name] = text
            case .int(let number): result[name] = String(number)
            case .double(let number): result[name] = String(number)
            case .bool(let flag): result[name] = flag ? "true" : "false"
            case .null: result[name] = ""
            case .array, .object: throw HubSpotErrors.validation("Property \(name) must be a string value")
            }
        }
        return result
    }

    /// The first problem with writing `properties`, if any.
    func writeProblem(_ properties: [String: String], registry: HubSpotPropertyRegistry) -> HubSpotWriteProblem? {
        for name in properties.keys.sorted() {
            if let problem = registry.writeProblem(name: name, value: properties[name] ?? "") { return problem }
        }
        return nil
    }

    /// Records an applied write in the write log.
    func logWrite(_ request: Request, objectKey: String, idempotencyKey: String? = nil, effect: JSONValue) {
        state.writeLog.append(
            SandboxWrite(
                vendor: "hubspot", method: request.method.rawValue, path: request.uri.path, objectKey: objectKey,
                idempotencyKey: idempotencyKey, effectDigest: EffectDigest.of(effect),
                appliedAtMs: state.clock.nowMilliseconds()))
    }

    func nowISO() -> JSONValue { .string(SandboxTimestamp.iso8601(milliseconds: state.clock.nowMilliseconds())) }

    /// Requested property names from `properties` (repeated or comma-separated).
    func requestedProperties(_ request: Request) -> [String] { request.queryList("properties") }

    static func stringArray(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap { $0.stringValue }
    }

    static func effect(_ properties: [String: String]) -> JSONValue {
        .object(properties.mapValues(JSONValue.string))
    }
}
