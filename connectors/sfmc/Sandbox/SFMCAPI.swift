import Foundation
import Hummingbird
import SandboxKit

/// The SFMC routes: `POST /v2/token`, SOAP `POST /Service.asmx` (path matched case-insensitively) and REST
/// `POST /hub/v1/dataevents/key:{key}/rowset`. Dispatch is by path here (the `key:{key}` segment does not fit a
/// router pattern); one extension per API family.
struct SFMCAPI: Sendable {
    let state: SFMCSandboxState
    let credentials: SFMCSandbox.Credentials
    /// Access-token lifetime, seconds.
    let tokenLifetimeSeconds: Int64
    let faults: FaultCounters

    /// The response for `request`, or `nil` for a path SFMC does not serve here.
    func route(_ request: Request) async throws -> Response? {
        let path = request.uri.path
        guard request.method == .post else { return nil }
        if path == "/v2/token" { return try await token(request) }
        if path.lowercased() == "/service.asmx" { return try await soap(request) }
        if path.hasPrefix("/hub/v1/dataevents/key:"), path.hasSuffix("/rowset") {
            let key = String(path.dropFirst("/hub/v1/dataevents/key:".count).dropLast("/rowset".count))
            return try await rowset(request, key: key.removingPercentEncoding ?? key)
        }
        return nil
    }

    /// Whether `token` was issued and is not expired; counts an expired one as a `token-ttl` fault.
    func tokenState(_ token: String?) -> TokenState {
        guard let token, !token.isEmpty else { return .unknown }
        let now = state.clock.nowMilliseconds()
        guard let expiry = state.data.withLock({ $0.tokens[token] }) else { return .unknown }
        if now >= expiry {
            faults.record(.tokenExpired)
            return .expired
        }
        return .valid
    }

    enum TokenState { case valid, expired, unknown }

    func logWrite(_ request: Request, objectKey: String, idempotencyKey: String? = nil, effect: JSONValue) {
        state.writeLog.append(SandboxWrite(
            vendor: "sfmc", method: request.method.rawValue, path: request.uri.path, objectKey: objectKey,
            idempotencyKey: idempotencyKey, effectDigest: EffectDigest.of(effect), appliedAtMs: state.clock.nowMilliseconds()))
    }
}
