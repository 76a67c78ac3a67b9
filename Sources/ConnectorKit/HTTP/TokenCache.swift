/// Caches the access token of one set of credentials; refreshes it ahead of expiry; single-flight.
///
/// Concurrent callers that find no valid token share one `fetchToken` call. A token counts as valid until
/// `expiresAtMs - skew`; the default skew is `min(60 s, 10 % of the token's lifetime)` so a 20-minute token
/// is renewed 60 s early and a 60 s sandbox token 6 s early.
public actor TokenCache {
    /// How long before expiry a token is renewed.
    public enum RefreshSkew: Sendable, Hashable {
        /// `min(60_000 ms, lifetime / 10)`, the lifetime measured from when the token was fetched.
        case automatic
        /// A fixed number of ms before `expiresAtMs`.
        case fixed(ms: Int64)
    }

    private let provider: any TokenProvider
    private let transport: any HTTPTransport
    private let clock: EpochClock
    private let skew: RefreshSkew
    private var cached: (token: AccessToken, refreshAtMs: Int64)?
    private var inFlight: Task<AccessToken, any Error>?
    /// How many times `fetchToken` was called (for metrics and tests).
    public private(set) var fetchCount = 0

    public init(
        provider: any TokenProvider, transport: any HTTPTransport, clock: EpochClock = .system,
        skew: RefreshSkew = .automatic
    ) {
        self.provider = provider
        self.transport = transport
        self.clock = clock
        self.skew = skew
    }

    /// A valid token: the cached one, or a freshly fetched one (shared with concurrent callers).
    ///
    /// Connectors that must put the token somewhere the `AuthProvider` cannot (a SOAP header inside the body)
    /// read it here, together with its `metadata`.
    /// - Throws: whatever the `TokenProvider` threw.
    public func currentToken() async throws -> AccessToken {
        if let cached, clock.nowMs() < cached.refreshAtMs { return cached.token }
        if let inFlight { return try await inFlight.value }
        fetchCount += 1
        let fetchedAtMs = clock.nowMs()
        let task = Task { [provider, transport] in try await provider.fetchToken(using: transport) }
        inFlight = task
        defer { inFlight = nil }
        let token = try await task.value
        cached = (token, refreshAt(token, fetchedAtMs: fetchedAtMs))
        return token
    }

    /// Forgets the cached token so the next caller fetches a new one (after a 401).
    /// - Parameter value: only forget if the cached token is this one (another caller may have refreshed already).
    public func invalidate(ifValue value: String? = nil) {
        guard let cached else { return }
        if let value, value != cached.token.value { return }
        self.cached = nil
    }

    private func refreshAt(_ token: AccessToken, fetchedAtMs: Int64) -> Int64 {
        switch skew {
        case .fixed(let ms):
            return token.expiresAtMs - ms
        case .automatic:
            let lifetime = max(0, token.expiresAtMs - fetchedAtMs)
            return token.expiresAtMs - min(60_000, lifetime / 10)
        }
    }
}
