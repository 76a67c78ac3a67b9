import Foundation
import Hummingbird
import SandboxKit

/// A local, in-memory emulator of the Braze REST API (users track / export, email lists and status,
/// subscription groups).
///
/// Written from Braze's docs and Postman collection (`../shared/vendor-reference/specs/braze/`), sharing no types
/// with the connector. Accepts `Authorization: Bearer sandbox-api-key` (configurable). Admin endpoints:
/// `GET /_sandbox/writes`, `/_sandbox/faults`, `/_sandbox/health`.
public final class BrazeSandbox: RoutedSandbox {
    /// `braze`.
    public let vendorName = "braze"
    /// Listening address, rate-limit mode, faults, seed.
    public let configuration: SandboxConfiguration
    /// The emulated workspace.
    public let state: BrazeSandboxState
    /// Counts of injected faults (also at `GET /_sandbox/faults`).
    public let faultCounters = FaultCounters()
    /// REST API keys accepted as bearer tokens.
    public let apiKeys: Set<String>
    /// Limits applied when `configuration.rateLimits == .vendor`.
    public let rateLimits: BrazeRateLimits
    /// Object limit of `/users/track`.
    public let trackLimits: BrazeTrackLimitMode
    /// The server the sandbox runs on.
    public let server: SandboxServer

    /// A sandbox serving `state`.
    /// - Parameters:
    ///   - apiKeys: keys to accept (default `sandbox-api-key`).
    ///   - rateLimits: limits for `.vendor` mode (documented defaults).
    ///   - trackLimits: `/users/track` object limit (default 75 per array).
    public init(
        configuration: SandboxConfiguration = SandboxConfiguration(), state: BrazeSandboxState,
        apiKeys: [String] = ["sandbox-api-key"], rateLimits: BrazeRateLimits = BrazeRateLimits(),
        trackLimits: BrazeTrackLimitMode = .standard
    ) {
        self.configuration = configuration
        self.state = state
        self.apiKeys = Set(apiKeys)
        self.rateLimits = rateLimits
        self.trackLimits = trackLimits
        self.server = SandboxServer(host: configuration.host, port: configuration.port, label: "sandbox.braze")
    }

    /// The write log (same as `state.writeLog`).
    public var writeLog: SandboxWriteLog { state.writeLog }



    /// The vendor's routes behind fault injection, auth and rate limits.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        addFaultMiddleware(to: router, responses: Self.faultResponses)
        router.add(
            middleware: BrazeGatewayMiddleware(
                apiKeys: apiKeys,
                limiter: configuration.rateLimits == .vendor ? BrazeRateLimiter(limits: rateLimits) : nil,
                clock: state.clock))
        router.addSandboxAdminRoutes(vendor: vendorName, writeLog: state.writeLog, faults: faultCounters)
        BrazeAPI(state: state, trackLimits: trackLimits).register(on: router)
        return router
    }

    static let faultResponses = FaultResponses(
        serviceUnavailable: { Response.json(["message": "Service Unavailable"], status: .serviceUnavailable) },
        rateLimited: { BrazeRateLimiter.tooManyRequests() },
        gatewayTimeout: { Response.json(["message": "Gateway Timeout"], status: .gatewayTimeout) },
        malformed: { Response.raw(Array("{\"message\":\"succ".utf8), status: .created) }
    )
}
