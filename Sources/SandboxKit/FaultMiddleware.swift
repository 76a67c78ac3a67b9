import Hummingbird

/// Injects the configured faults in front of a vendor's routes.
///
/// - Important: a failure fault is decided and answered **before** the request reaches the vendor handler, so a
///   faulted write is never applied (a client that retries it cannot double-apply). `malformed` therefore is a 200
///   with a truncated body for a request that was *not* applied. Paths under `/_sandbox/` are never faulted.
public struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    private let injector: FaultInjector
    private let responses: FaultResponses

    /// Uses `injector`'s draws and the vendor's `responses`.
    public init(injector: FaultInjector, responses: FaultResponses) {
        self.injector = injector
        self.responses = responses
    }

    /// Serves the request, possibly delayed or replaced by a fault.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if request.uri.path.hasPrefix("/_sandbox/") { return try await next(request, context) }
        injector.counters.recordRequest()
        if injector.spec.latency > 0 {
            injector.counters.record(.latency)
            try await Task.sleep(nanoseconds: UInt64(injector.spec.latency * 1_000_000_000))
        }
        switch injector.drawFailure() {
        case .serverError: return responses.serviceUnavailable()
        case .rateLimited: return responses.rateLimited()
        case .malformed: return responses.malformed()
        case .timeout:
            try await Task.sleep(nanoseconds: UInt64(injector.spec.timeoutHold * 1_000_000_000))
            return responses.gatewayTimeout()
        case .latency, .tokenExpired, nil:
            return try await next(request, context)
        }
    }
}
