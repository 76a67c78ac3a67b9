/// What a response's rate-limit headers say about one limit, as read by the connector's `RateLimitHeaderReader`.
public struct RateLimitHints: Sendable, Hashable {
    /// The declared `RateLimit.name` these hints are about; `nil`: the limit named by the request's
    /// `rateLimitBucket`, or every `.allRequests` limit if the request named none.
    public var limitName: String?
    /// The vendor's own figure for the window size, if sent (e.g. an `X-RateLimit-Limit` header); else the declared
    /// one is used.
    public var limit: Int?
    /// Requests left in the current window, as the vendor counts them (other clients of the account included).
    public var remaining: Int?
    /// When the window resets, UTC epoch **milliseconds** (convert headers given in epoch seconds).
    public var resetAtMs: Int64?
    /// How long to hold off, ms from the response (e.g. a `Retry-After` or `X-RateLimit-Retry-After` in ms).
    public var retryAfterMs: Int64?

    public init(
        limitName: String? = nil, limit: Int? = nil, remaining: Int? = nil, resetAtMs: Int64? = nil,
        retryAfterMs: Int64? = nil
    ) {
        self.limitName = limitName
        self.limit = limit
        self.remaining = remaining
        self.resetAtMs = resetAtMs
        self.retryAfterMs = retryAfterMs
    }
}

/// The connector's knowledge of its vendor's rate-limit headers: response headers → hints.
///
/// Example (a vendor sending `X-RateLimit-Remaining` and `X-RateLimit-Reset` in epoch seconds):
/// ```swift
/// RateLimitHeaderReader { headers, _ in
///     [RateLimitHints(remaining: headers["x-ratelimit-remaining"].flatMap { Int($0) },
///                     resetAtMs: headers["x-ratelimit-reset"].flatMap { Int64($0) }.map { $0 * 1000 })]
/// }
/// ```
public struct RateLimitHeaderReader: Sendable {
    /// Reads hints from response headers; the second argument is now, UTC epoch ms.
    public var read: @Sendable (_ headers: VendorHeaders, _ nowMs: Int64) -> [RateLimitHints]

    public init(_ read: @escaping @Sendable (_ headers: VendorHeaders, _ nowMs: Int64) -> [RateLimitHints]) {
        self.read = read
    }

    /// Reads nothing.
    public static let none = RateLimitHeaderReader { _, _ in [] }
}
