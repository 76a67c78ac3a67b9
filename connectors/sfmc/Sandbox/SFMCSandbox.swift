import Foundation
import Hummingbird
import SandboxKit

/// A local, in-memory emulator of Salesforce Marketing Cloud Engagement: OAuth `POST /v2/token`, the SOAP API on
/// `/Service.asmx` (Retrieve with paging, Create/Update of Subscriber, Execute LogUnsubEvent, Describe) and the
/// REST Data Extension rowset endpoint.
///
/// Written from `../shared/vendor-reference/sfmc.md` and `specs/sfmc/etframework.wsdl`, sharing no types with the
/// connector. Timestamps are naive US Central Standard Time (UTC−6, no DST). Admin endpoints:
/// `GET /_sandbox/writes`, `/_sandbox/faults`, `/_sandbox/health`.
public final class SFMCSandbox: RoutedSandbox {
    /// Installed-package credentials the token endpoint accepts.
    public struct Credentials: Sendable, Equatable {
        /// The installed package's client id.
        public var clientId: String
        /// The installed package's client secret.
        public var clientSecret: String
        /// The MID (`account_id`); a token request naming another one is refused.
        public var accountId: String

        /// Defaults: `sandbox-client`, `sandbox-secret`, `100`.
        public init(clientId: String = "sandbox-client", clientSecret: String = "sandbox-secret", accountId: String = "100") {
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.accountId = accountId
        }
    }

    /// `sfmc`.
    public let vendorName = "sfmc"
    /// Listening address, rate-limit mode, faults (`token-ttl` shortens token lifetimes), seed.
    public let configuration: SandboxConfiguration
    /// The emulated business unit.
    public let state: SFMCSandboxState
    /// Counts of injected faults, including rejected expired tokens (`token-ttl`).
    public let faultCounters = FaultCounters()
    /// Accepted credentials.
    public let credentials: Credentials
    /// Limits applied when `configuration.rateLimits == .vendor`.
    public let rateLimits: SFMCRateLimits
    /// The server the sandbox runs on.
    public let server: SandboxServer

    /// A sandbox serving `state`.
    /// - Parameters:
    ///   - credentials: accepted client credentials (defaults `sandbox-client` / `sandbox-secret` / `100`).
    ///   - rateLimits: throttling in `.vendor` mode (default 2,500 requests per minute).
    public init(configuration: SandboxConfiguration = SandboxConfiguration(), state: SFMCSandboxState,
                credentials: Credentials = Credentials(), rateLimits: SFMCRateLimits = SFMCRateLimits()) {
        self.configuration = configuration
        self.state = state
        self.credentials = credentials
        self.rateLimits = rateLimits
        self.server = SandboxServer(host: configuration.host, port: configuration.port, label: "sandbox.sfmc")
    }

    /// The write log (same as `state.writeLog`).
    public var writeLog: SandboxWriteLog { state.writeLog }

    /// Access-token lifetime in seconds: 1,080 (SFMC's ~18 min), or the `token-ttl` fault's value.
    public var tokenLifetimeSeconds: Int64 {
        configuration.faults.tokenTTL.map { max(1, Int64($0.rounded())) } ?? 1_080
    }



    /// The vendor's routes behind fault injection, auth and rate limits.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        addFaultMiddleware(to: router, responses: Self.faultResponses)
        let api = SFMCAPI(state: state, credentials: credentials, tokenLifetimeSeconds: tokenLifetimeSeconds,
                          faults: faultCounters)
        let limiter = configuration.rateLimits == .vendor
            ? LockedBox(FixedWindowCounter(limit: rateLimits.requestsPerWindow, windowMs: rateLimits.windowMs)) : nil
        router.add(middleware: SFMCGatewayMiddleware(api: api, limiter: limiter, clock: state.clock))
        router.addSandboxAdminRoutes(vendor: vendorName, writeLog: state.writeLog, faults: faultCounters)
        return router
    }

    static let faultResponses = FaultResponses(
        serviceUnavailable: {
            Response.json(["message": "Service Unavailable", "errorcode": 0], status: .serviceUnavailable)
        },
        rateLimited: { SFMCRestErrors.rateLimited(retryAfterSeconds: 5) },
        gatewayTimeout: { Response.json(["message": "Gateway Timeout", "errorcode": 0], status: .gatewayTimeout) },
        malformed: { SFMCSOAP.truncated() }
    )
}
