import Hummingbird
import SandboxKit

/// The Braze routes and the helpers they share; one extension per API family.
struct BrazeAPI: Sendable {
    let state: BrazeSandboxState
    let trackLimits: BrazeTrackLimitMode

    func register(on router: Router<BasicRequestContext>) {
        registerTrack(on: router)
        registerExport(on: router)
        registerEmailLists(on: router)
        registerSubscriptionGroups(on: router)
    }

    /// Braze's fatal error: `{"message": text}` with `status` (400 unless said otherwise).
    static func fatal(_ message: String, status: HTTPResponse.Status = .badRequest) -> SandboxHTTPError {
        SandboxHTTPError(status: status, body: ["message": .string(message)])
    }

    /// The body as a JSON object, or Braze's 400.
    func jsonObject(_ request: Request) async throws -> JSONValue {
        var request = request
        guard let body = try await request.sandboxJSONBody(), case .object = body else {
            throw Self.fatal("Invalid JSON in request body")
        }
        return body
    }

    /// `"a"` or `["a","b"]` as a list of strings; `nil` when absent.
    static func stringOrList(_ value: JSONValue?) -> [String]? {
        guard let value, !value.isNull else { return nil }
        if let single = value.stringValue { return [single] }
        return value.arrayValue?.compactMap(\.stringValue)
    }

    func logWrite(_ request: Request, objectKey: String, idempotencyKey: String? = nil, effect: JSONValue) {
        state.writeLog.append(
            SandboxWrite(
                vendor: "braze", method: request.method.rawValue, path: request.uri.path, objectKey: objectKey,
                idempotencyKey: idempotencyKey, effectDigest: EffectDigest.of(effect),
                appliedAtMs: state.clock.nowMilliseconds()))
    }

    static func success(_ extra: [String: JSONValue] = [:], status: HTTPResponse.Status = .created) -> Response {
        var body = extra
        body["message"] = "success"
        return Response.json(.object(body), status: status)
    }

    static func isPlausibleEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !value.contains(" ")
    }

    static let emailStates: Set<String> = ["opted_in", "subscribed", "unsubscribed"]
}
