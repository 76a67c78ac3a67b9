import ConnectorKit
import Foundation
import Testing

/// Hands out `token-1`, `token-2`, … valid for `lifetimeMs`, slowly enough that callers overlap.
actor CountingTokenProvider: TokenProvider {
    private(set) var fetches = 0
    let clock: ManualClock
    let lifetimeMs: Int64
    let delay: Duration

    init(clock: ManualClock, lifetimeMs: Int64 = 600_000, delay: Duration = .zero) {
        self.clock = clock
        self.lifetimeMs = lifetimeMs
        self.delay = delay
    }

    func fetchToken(using transport: any HTTPTransport) async throws -> AccessToken {
        fetches += 1
        let number = fetches
        if delay > .zero { try await Task.sleep(for: delay) }
        return AccessToken(value: "token-\(number)", expiresAtMs: clock.nowMs + lifetimeMs, metadata: ["instance": "a"])
    }
}

@Suite struct TokenCacheTests {
    let unused = StubTransport { _ in VendorResponse(status: 500) }

    @Test func tenConcurrentCallersShareOneFetch() async throws {
        let clock = ManualClock()
        let provider = CountingTokenProvider(clock: clock, delay: .milliseconds(50))
        let cache = TokenCache(provider: provider, transport: unused, clock: clock.epochClock)
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await cache.currentToken().value } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values == Array(repeating: "token-1", count: 10))
        #expect(await provider.fetches == 1)
        #expect(await cache.fetchCount == 1)
    }

    @Test func refreshesAheadOfExpiry() async throws {
        let clock = ManualClock()
        let provider = CountingTokenProvider(clock: clock, lifetimeMs: 600_000)  // 10 min: skew min(60 s, 60 s)
        let cache = TokenCache(provider: provider, transport: unused, clock: clock.epochClock)
        #expect(try await cache.currentToken().value == "token-1")
        clock.advance(539_999)
        #expect(try await cache.currentToken().value == "token-1")
        clock.advance(1)
        #expect(try await cache.currentToken().value == "token-2")
        #expect(try await cache.currentToken().metadata == ["instance": "a"])
    }

    @Test func shortLivedTokensUseTenPercentSkew() async throws {
        let clock = ManualClock()
        let provider = CountingTokenProvider(clock: clock, lifetimeMs: 60_000)  // sandbox token-ttl=60s: 6 s early
        let cache = TokenCache(provider: provider, transport: unused, clock: clock.epochClock)
        _ = try await cache.currentToken()
        clock.advance(53_999)
        #expect(try await cache.currentToken().value == "token-1")
        clock.advance(1)
        #expect(try await cache.currentToken().value == "token-2")
    }

    @Test func invalidateForcesAFetchUnlessAnotherTokenIsCurrent() async throws {
        let clock = ManualClock()
        let provider = CountingTokenProvider(clock: clock)
        let cache = TokenCache(provider: provider, transport: unused, clock: clock.epochClock, skew: .fixed(ms: 0))
        _ = try await cache.currentToken()
        await cache.invalidate(ifValue: "some-older-token")
        #expect(try await cache.currentToken().value == "token-1")
        await cache.invalidate(ifValue: "token-1")
        #expect(try await cache.currentToken().value == "token-2")
        await cache.invalidate()
        #expect(try await cache.currentToken().value == "token-3")
        #expect(await provider.fetches == 3)
    }

    @Test func oauthBearerAuthPutsTheTokenWhereAsked() async throws {
        let clock = ManualClock()
        let cache = TokenCache(
            provider: CountingTokenProvider(clock: clock), transport: unused, clock: clock.epochClock)
        var request = TransportRequest(method: .get, url: URL(string: "https://example.invalid/x")!)
        try await OAuthBearerAuth(cache: cache).authorize(&request)
        #expect(request.headers["authorization"] == "Bearer token-1")
        let soap = OAuthBearerAuth(
            cache: cache,
            placement: .custom { request, token in
                request.body = Data("<fueloauth>\(token)</fueloauth>".utf8)
            })
        try await soap.authorize(&request)
        #expect(request.body == Data("<fueloauth>token-1</fueloauth>".utf8))
    }
}
