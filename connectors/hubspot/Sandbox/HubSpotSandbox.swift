import Foundation
import Hummingbird
import SandboxKit

/// A local, in-memory emulator of the HubSpot REST API (CRM contacts v3 and 2026-03, search, communication
/// preferences v3/v4, email events v1, custom events, OAuth v1 refresh).
///
/// Written from HubSpot's published specs (`../shared/vendor-reference/specs/hubspot/`), sharing no types with the
/// connector. Accepts `Authorization: Bearer pat-sandbox` (configurable) or access tokens issued by
/// `POST /oauth/v1/token`. Admin endpoints: `GET /_sandbox/writes`, `/_sandbox/faults`, `/_sandbox/health`.
public final class HubSpotSandbox: RoutedSandbox {
    /// `hubspot`.
    public let vendorName = "hubspot"
    /// Listening address, rate-limit mode, faults, seed.
    public let configuration: SandboxConfiguration
    /// The emulated portal.
    public let state: HubSpotSandboxState
    /// Counts of injected faults (also at `GET /_sandbox/faults`).
    public let faultCounters = FaultCounters()
    /// Static private-app tokens accepted as bearer tokens.
    public let accessTokens: Set<String>
    /// Limits applied when `configuration.rateLimits == .vendor`.
    public let rateLimits: HubSpotRateLimits
    /// The server the sandbox runs on.
    public let server: SandboxServer

    /// A sandbox serving `state`.
    /// - Parameters:
    ///   - accessTokens: private-app tokens to accept (default `pat-sandbox`).
    ///   - rateLimits: limits for `.vendor` mode (defaults: 190 / 10 s, 1,000,000 / day, search 5 / s).
    public init(
        configuration: SandboxConfiguration = SandboxConfiguration(), state: HubSpotSandboxState,
        accessTokens: [String] = ["pat-sandbox"], rateLimits: HubSpotRateLimits = HubSpotRateLimits()
    ) {
        self.configuration = configuration
        self.state = state
        self.accessTokens = Set(accessTokens)
        self.rateLimits = rateLimits
        self.server = SandboxServer(host: configuration.host, port: configuration.port, label: "sandbox.hubspot")
    }

    /// The write log (same as `state.writeLog`).
    public var writeLog: SandboxWriteLog { state.writeLog }



    /// The vendor's routes behind fault injection, auth and rate limits.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        addFaultMiddleware(to: router, responses: Self.faultResponses)
        router.add(
            middleware: HubSpotGatewayMiddleware(
                state: state, staticTokens: accessTokens,
                limiter: configuration.rateLimits == .vendor ? HubSpotRateLimiter(limits: rateLimits) : nil,
                faults: faultCounters))
        router.addSandboxAdminRoutes(vendor: vendorName, writeLog: state.writeLog, faults: faultCounters)
        let lifetime = Int64(configuration.faults.tokenTTL ?? 1800)
        HubSpotAPI(state: state, tokenLifetime: lifetime).register(on: router)
        return router
    }

    static let faultResponses = FaultResponses(
        serviceUnavailable: {
            Response.json(
                HubSpotErrors.body(message: "Service Unavailable. Please retry.", category: "SERVICE_UNAVAILABLE"),
                status: .serviceUnavailable)
        },
        rateLimited: { HubSpotRateLimiter.tooManyRequests(policyName: "TEN_SECONDLY_ROLLING") },
        gatewayTimeout: {
            Response.json(
                HubSpotErrors.body(message: "The request timed out.", category: "GATEWAY_TIMEOUT"),
                status: .gatewayTimeout)
        },
        malformed: { Response.raw(Array("{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"".utf8), status: .ok) }
    )
}
