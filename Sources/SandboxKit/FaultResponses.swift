import Hummingbird

/// The vendor-shaped responses a fault middleware sends; each vendor sandbox supplies its own.
public struct FaultResponses: Sendable {
    /// 503 with the vendor's error body.
    public var serviceUnavailable: @Sendable () -> Response
    /// 429 with the vendor's rate-limit body and headers.
    public var rateLimited: @Sendable () -> Response
    /// 504 sent after a held request.
    public var gatewayTimeout: @Sendable () -> Response
    /// A 200 whose body is JSON cut short (the vendor's usual opening, then nothing).
    public var malformed: @Sendable () -> Response

    /// Collects the four builders.
    public init(
        serviceUnavailable: @escaping @Sendable () -> Response,
        rateLimited: @escaping @Sendable () -> Response,
        gatewayTimeout: @escaping @Sendable () -> Response,
        malformed: @escaping @Sendable () -> Response
    ) {
        self.serviceUnavailable = serviceUnavailable
        self.rateLimited = rateLimited
        self.gatewayTimeout = gatewayTimeout
        self.malformed = malformed
    }
}
