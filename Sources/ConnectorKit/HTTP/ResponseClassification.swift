/// What a response (or a transport failure) means for the request, decided by a `ResponseClassifier`.
public enum ResponseClassification: Sendable {
    /// Done: return the response to the connector (which still checks per-item errors in a 2xx body).
    case success
    /// Try again; `afterMs` is a wait the vendor asked for (ms from now), `nil` for the policy's jittered backoff.
    case retry(afterMs: Int64?)
    /// Throttled; `untilMs` is when requests may resume, UTC epoch **ms**, or `nil` for the policy's backoff.
    /// The client also holds back other requests that count against the same limits.
    case rateLimited(untilMs: Int64?)
    /// The credentials were rejected: invalidate them and try once more with fresh ones.
    case refreshCredentials
    /// Give up with this error (the client fills in vendor, operation and status if missing).
    case fail(ConnectorError)
}

/// What the classifier is told besides the response.
public struct ClassificationContext: Sendable {
    /// The request as the connector described it.
    public var request: VendorRequest
    /// Now, UTC epoch ms (to turn a `Retry-After` date or seconds into `untilMs`).
    public var nowMs: Int64
    /// 1 for the first attempt, 2 for the first retry, ...
    public var attempt: Int
    /// The vendor name given to the client.
    public var vendor: String

    public init(request: VendorRequest, nowMs: Int64, attempt: Int, vendor: String) {
        self.request = request
        self.nowMs = nowMs
        self.attempt = attempt
        self.vendor = vendor
    }
}
