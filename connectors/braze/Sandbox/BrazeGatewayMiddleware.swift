import Hummingbird
import SandboxKit

/// API-key check, rate limiting and error shaping in front of every Braze route.
///
/// Accepts `Authorization: Bearer <key>` for the configured keys; anything else is Braze's 401
/// `{"message": "Invalid API key: ..."}` (the key is masked). `/_sandbox/*` skips auth and limits.
struct BrazeGatewayMiddleware<Context: RequestContext>: RouterMiddleware {
    let apiKeys: Set<String>
    let limiter: BrazeRateLimiter?
    let clock: SandboxClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.uri.path.hasPrefix("/_sandbox/") { return try await shaped(request, context, next) }
        guard let key = request.bearerToken, apiKeys.contains(key) else {
            let shown = request.bearerToken.map { String($0.prefix(4)) + "…" } ?? ""
            return Response.json(["message": .string("Invalid API key: \(shown)")], status: .unauthorized)
        }
        guard let limiter else { return try await shaped(request, context, next) }
        let (headers, allowed) = limiter.admit(path: request.uri.path, nowMs: clock.nowMilliseconds())
        guard allowed else { return BrazeRateLimiter.tooManyRequests(headers: headers) }
        var response = try await shaped(request, context, next)
        for field in headers { response.headers.append(field) }
        return response
    }

    private func shaped(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as SandboxHTTPError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "Invalid URL" : (error.body ?? "Bad Request")
            return Response.json(["message": .string(message)], status: error.status)
        }
    }
}
