import Hummingbird
import SandboxKit

/// Rate limiting and dispatch in front of every SFMC route (admin paths under `/_sandbox/` pass through).
///
/// With `.vendor` rate limits, requests beyond `SFMCRateLimits.requestsPerWindow` per window get SFMC's 429
/// errorcode 50100 with `Retry-After` (seconds to the window's end).
struct SFMCGatewayMiddleware<Context: RequestContext>: RouterMiddleware {
    let api: SFMCAPI
    let limiter: LockedBox<FixedWindowCounter>?
    let clock: SandboxClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.uri.path.hasPrefix("/_sandbox/") { return try await next(request, context) }
        if let limiter {
            let now = clock.nowMilliseconds()
            let decision = limiter.withLock { $0.consume(nowMs: now) }
            guard decision.allowed else {
                return SFMCRestErrors.rateLimited(retryAfterSeconds: max(1, (decision.resetAtMs - now + 999) / 1000))
            }
        }
        if let response = try await api.route(request) { return response }
        return Response.json(["documentation": .string(SFMCRestErrors.documentation), "errorcode": 0,
                              "message": "Resource not found"], status: .notFound)
    }
}

/// The throttling the sandbox applies with `--rate-limits vendor`. SFMC publishes no fixed quota (throttling is
/// adaptive, sfmc.md §3); the default, 2,500 requests per fixed one-minute window, is this sandbox's choice.
public struct SFMCRateLimits: Sendable, Equatable {
    /// Requests allowed per window (all routes together). Default 2,500.
    public var requestsPerWindow: Int
    /// Window length, milliseconds. Default 60,000.
    public var windowMs: Int64

    /// The defaults.
    public init(requestsPerWindow: Int = 2_500, windowMs: Int64 = 60_000) {
        self.requestsPerWindow = requestsPerWindow
        self.windowMs = windowMs
    }
}
