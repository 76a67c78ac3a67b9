import Hummingbird
import SandboxKit

/// Authentication, rate limiting and error shaping in front of every HubSpot route.
///
/// `/_sandbox/*` and `/oauth/*` skip auth and limits. Any error a route throws is answered with HubSpot's
/// envelope, and rate-limit headers are added to every API response, errors included.
struct HubSpotGatewayMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: HubSpotSandboxState
    let staticTokens: Set<String>
    let limiter: HubSpotRateLimiter?
    let faults: FaultCounters

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        if path.hasPrefix("/_sandbox/") || path.hasPrefix("/oauth/") {
            return try await shaped(request, context, next)
        }
        let nowMs = state.clock.nowMilliseconds()
        guard let token = request.bearerToken else {
            return try HubSpotErrors.unauthorized().response(from: request, context: context)
        }
        var isOAuth = false
        if !staticTokens.contains(token) {
            guard let expiry = state.data.withLock({ $0.issuedTokens[token] }) else {
                return try HubSpotErrors.unauthorized().response(from: request, context: context)
            }
            guard expiry > nowMs else {
                faults.record(.tokenExpired)
                return try HubSpotErrors.unauthorized(expiredMinutesAgo: (nowMs - expiry) / 60_000)
                    .response(from: request, context: context)
            }
            isOAuth = true
        }
        guard let limiter else { return try await shaped(request, context, next) }
        let isSearch = request.method == .post && path.hasSuffix("/search")
        let (headers, refusedBy) = limiter.admit(isSearch: isSearch, isOAuth: isOAuth, nowMs: nowMs)
        if let refusedBy { return HubSpotRateLimiter.tooManyRequests(policyName: refusedBy, headers: headers) }
        var response = try await shaped(request, context, next)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// Runs the route and turns thrown errors into HubSpot-shaped responses.
    private func shaped(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as SandboxHTTPError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let category = error.status == .notFound ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR"
            let message = error.status == .notFound ? "resource not found" : (error.body ?? "Invalid request")
            return try HubSpotErrors.error(error.status, message, category: category).response(
                from: request, context: context)
        }
    }
}
