/// The kinds of fault a sandbox can inject, named as in the `--faults` option.
public enum FaultKind: String, Sendable, CaseIterable, Codable {
    /// A 503 with the vendor's error body; the request is not applied.
    case serverError = "5xx"
    /// A 429 with the vendor's rate-limit body; the request is not applied.
    case rateLimited = "429"
    /// The response is held for `FaultSpec.timeoutHold`, then a 504; the request is not applied.
    case timeout
    /// A 200 whose JSON body is cut short; the request is not applied.
    case malformed
    /// Extra delay before a normal response (`FaultSpec.latency`).
    case latency
    /// A request rejected because its OAuth access token outlived the `token-ttl` fault.
    case tokenExpired = "token-ttl"
}
