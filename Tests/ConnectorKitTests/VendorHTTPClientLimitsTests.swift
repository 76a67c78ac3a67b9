import ConnectorKit
import Foundation
import Testing

@Suite struct VendorHTTPClientLimitsTests {
    /// A vendor that reports `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds).
    let reader = RateLimitHeaderReader { headers, _ in
        [
            RateLimitHints(
                remaining: headers["x-ratelimit-remaining"].flatMap { Int($0) },
                resetAtMs: headers["x-ratelimit-reset"].flatMap { Int64($0) }.map { $0 * 1000 }
            )
        ]
    }

    @Test func exhaustedHeaderHintsHoldTheNextRequestUntilReset() async throws {
        let clock = ManualClock(startMs: 1_700_000_000_000)
        let transport = StubTransport { _ in
            VendorResponse(status: 200, headers: ["X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1700000005"])
        }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            limits: [RateLimit(name: "hourly", limit: 250_000, per: .seconds(3_600))], headerReader: reader,
            clock: clock.epochClock
        )
        _ = try await client.send(VendorRequest(.get, "/a"))
        _ = try await client.send(VendorRequest(.get, "/b"))
        #expect(clock.sleeps == [5_000])
        #expect(client.stats.rateLimitWaits == 1)
        #expect(client.stats.rateLimitWaitMs == 5_000)
    }

    @Test func declaredLimitsPaceABurst() async throws {
        let clock = ManualClock(startMs: 0)
        let transport = StubTransport { _ in VendorResponse(status: 200) }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            limits: [RateLimit(name: "track", limit: 3, per: .seconds(3), appliesTo: .namedRequests)],
            clock: clock.epochClock
        )
        for _ in 0..<7 { _ = try await client.send(VendorRequest(.post, "/track", rateLimitBucket: "track")) }
        for _ in 0..<5 { _ = try await client.send(VendorRequest(.get, "/other")) }
        #expect(clock.sleeps == [3_000, 3_000])
        #expect(client.stats.requests == 12)
    }

    @Test func aRetryAfterLongerThanTheClientWaitsGoesBackToTheEngine() async throws {
        let clock = ManualClock()
        let transport = StubTransport { _ in VendorResponse(status: 429, headers: ["Retry-After": "3600"]) }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            limits: [RateLimit(name: "daily", limit: 1_000, per: .seconds(86_400))], clock: clock.epochClock
        )
        let error = await #expect(throws: ConnectorError.self) { try await client.send(VendorRequest(.get, "/x")) }
        #expect(error?.code == .rateLimited)
        #expect(error?.recovery == .retryLater(afterMs: 3_600_000))
        #expect(clock.sleeps.isEmpty)
        #expect(await client.rateLimiter.covers(bucket: nil))
        // The limiter now holds every other request for the hour, instead of letting it hit the vendor.
        let next = Task { try await client.send(VendorRequest(.get, "/y")) }
        _ = try? await next.value
        #expect(clock.sleeps.first == 3_600_000)
    }

    @Test func unauthenticatedRequestsDoNotTriggerARefresh() async throws {
        let clock = ManualClock()
        let provider = CountingTokenProvider(clock: clock)
        let transport = StubTransport { _ in VendorResponse(status: 401) }
        let cache = TokenCache(provider: provider, transport: transport, clock: clock.epochClock)
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            auth: OAuthBearerAuth(cache: cache), clock: clock.epochClock
        )
        let error = await #expect(throws: ConnectorError.self) {
            try await client.send(VendorRequest(.get, "/public", requiresAuth: false))
        }
        #expect(error?.code == .authentication)
        #expect(await provider.fetches == 0)
        #expect(transport.requests.first?.headers["Authorization"] == nil)
    }

    @Test func logsCarryNoEmailOrToken() async throws {
        let capture = LogCapture()
        let transport = StubTransport { _ in VendorResponse(status: 400) }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            auth: StaticBearerAuth(token: "pat-secret-token"), logger: capture.logger(), clock: ManualClock().epochClock
        )
        _ = try? await client.send(
            VendorRequest(
                .get, "/contacts/jane.doe@example.com", query: [URLQueryItem(name: "idProperty", value: "email")]))
        let lines = capture.lines
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { !$0.contains("jane.doe@example.com") && !$0.contains("pat-secret-token") })
        #expect(lines.first?.contains("path=/contacts/j***@example.com") == true)
        #expect(transport.requests.first?.headers["Authorization"] == "Bearer pat-secret-token")
    }
}
