/// Whether a sandbox enforces the vendor's documented rate limits.
public enum RateLimitMode: String, Sendable, CaseIterable {
    /// The vendor's default limits and rate-limit headers; 429 with the vendor's body when exceeded.
    case vendor
    /// No limits, no rate-limit headers, never 429 (benchmarks).
    case off
}
