/// Turns a response or a transport failure into a `ResponseClassification`. The connector supplies one that knows
/// its vendor's error bodies (usually by wrapping `DefaultResponseClassifier`); the client acts on the result.
public protocol ResponseClassifier: Sendable {
    /// Classifies a complete HTTP response.
    func classify(_ response: VendorResponse, context: ClassificationContext) -> ResponseClassification

    /// Classifies a transport failure (no response).
    func classify(_ error: TransportError, context: ClassificationContext) -> ResponseClassification
}

extension ResponseClassifier {
    /// Default for transport failures: retry when nothing was sent, or when re-sending is safe (idempotent method
    /// or an idempotency key); otherwise fail `.transient` so the engine decides (e.g. re-read before re-creating).
    public func classify(_ error: TransportError, context: ClassificationContext) -> ResponseClassification {
        if error.code == .invalidRequest || error.code == .shutDown {
            return .fail(ConnectorError(.configuration, "request could not be sent: \(error.code)", underlying: error))
        }
        if error.code == .responseTooLarge {
            return .fail(ConnectorError(.malformedResponse, "response body too large", underlying: error))
        }
        let request = context.request
        if error.code.requestNotSent || request.method.isIdempotent || request.idempotencyKey != nil {
            return .retry(afterMs: nil)
        }
        return .fail(
            ConnectorError(
                .transient, "transport failure on a non-idempotent request: \(error.code)", underlying: error))
    }
}

/// A classifier built from a closure that handles the vendor's special cases and defers to a fallback
/// (`DefaultResponseClassifier` unless given) by returning `nil`.
public struct CustomResponseClassifier: ResponseClassifier {
    private let fallback: any ResponseClassifier
    private let special: @Sendable (VendorResponse, ClassificationContext) -> ResponseClassification?

    public init(
        fallback: any ResponseClassifier = DefaultResponseClassifier(),
        _ special: @escaping @Sendable (VendorResponse, ClassificationContext) -> ResponseClassification?
    ) {
        self.fallback = fallback
        self.special = special
    }

    public func classify(_ response: VendorResponse, context: ClassificationContext) -> ResponseClassification {
        special(response, context) ?? fallback.classify(response, context: context)
    }

    public func classify(_ error: TransportError, context: ClassificationContext) -> ResponseClassification {
        fallback.classify(error, context: context)
    }
}
