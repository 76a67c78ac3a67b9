import ConnectorKit
import Foundation
import Testing

/// Posts a form with a client secret to `/token` on the test server, as an OAuth client-credentials provider would.
struct FormTokenProvider: TokenProvider {
    let tokenURL: URL

    func fetchToken(using transport: any HTTPTransport) async throws -> AccessToken {
        let request = TransportRequest(
            method: .post, url: tokenURL, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_id=abc&client_secret=s3cr3t".utf8)
        )
        let response = try await transport.execute(request, timeout: .seconds(5))
        struct Body: Decodable {
            var access_token: String
            var expires_in: Int64
        }
        let body = try response.decode(Body.self)
        return AccessToken(
            value: body.access_token, expiresAtMs: Int64(Date().timeIntervalSince1970 * 1000) + body.expires_in * 1000)
    }
}

@Suite struct VendorHTTPClientTests {
    func makeClient(
        _ baseURL: URL, _ transport: AsyncHTTPClientTransport, clock: ManualClock,
        auth: (any AuthProvider)? = StaticBearerAuth(token: "pat-test")
    ) -> VendorHTTPClient {
        VendorHTTPClient(
            vendor: "testvendor", baseURL: baseURL, transport: transport, auth: auth,
            limits: [RateLimit(name: "burst", limit: 100, per: .seconds(10))],
            retry: RetryPolicy(maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000),
            clock: clock.epochClock, random: .maximum
        )
    }

    @Test func retriesTwoServiceUnavailableThenSucceeds() async throws {
        let script = Script([
            "/flaky": [.init(status: 503), .init(status: 503), .init(status: 200, body: #"{"ok":true}"#)]
        ])
        try await withTestServer(scriptedRouter(script, paths: ["/flaky"])) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let clock = ManualClock()
            let client = makeClient(baseURL, transport, clock: clock)
            let response = try await client.send(VendorRequest(.get, "/flaky", operation: "flaky.get"))
            try await transport.shutdown()
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
            #expect(await script.count(path: "/flaky") == 3)
            #expect(clock.sleeps == [500, 1_000])  // full jitter pinned to its maximum
            #expect(client.stats.requests == 3)
            #expect(client.stats.retries == 2)
            #expect(await script.received.first?.authorization == "Bearer pat-test")
        }
    }

    @Test func honoursRetryAfterOn429() async throws {
        let script = Script(["/limited": [.init(status: 429, headers: ["Retry-After": "3"]), .init(status: 200)]])
        try await withTestServer(scriptedRouter(script, paths: ["/limited"])) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let clock = ManualClock()
            let client = makeClient(baseURL, transport, clock: clock)
            let response = try await client.send(VendorRequest(.get, "/limited"))
            try await transport.shutdown()
            #expect(response.status == 200)
            #expect(clock.sleeps == [3_000])
            #expect(client.stats.rateLimitedResponses == 1)
            #expect(client.stats.rateLimitWaitMs == 3_000)
            #expect(client.stats.retries == 1)
        }
    }

    @Test func refreshesTheTokenOnceAfter401() async throws {
        let script = Script([
            "/token": [
                .init(status: 200, body: #"{"access_token":"tok-1","expires_in":3600}"#),
                .init(status: 200, body: #"{"access_token":"tok-2","expires_in":3600}"#),
            ],
            "/me": [.init(status: 401, body: #"{"message":"Not Authorized"}"#), .init(status: 200)],
        ])
        try await withTestServer(scriptedRouter(script, paths: ["/token", "/me"])) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let clock = ManualClock()
            let cache = TokenCache(
                provider: FormTokenProvider(tokenURL: baseURL.appendingPathComponent("token")), transport: transport)
            let client = makeClient(baseURL, transport, clock: clock, auth: OAuthBearerAuth(cache: cache))
            let response = try await client.send(VendorRequest(.get, "/me"))
            try await transport.shutdown()
            #expect(response.status == 200)
            let meCalls = await script.received.filter { $0.path == "/me" }.map(\.authorization)
            #expect(meCalls == ["Bearer tok-1", "Bearer tok-2"])
            #expect(await cache.fetchCount == 2)
            #expect(client.stats.authRefreshes == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test func a401ThatSurvivesARefreshFails() async throws {
        let script = Script(["/me": [.init(status: 401), .init(status: 401), .init(status: 200)]])
        try await withTestServer(scriptedRouter(script, paths: ["/me"])) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let client = makeClient(baseURL, transport, clock: ManualClock())  // static key: no refresh possible
            let error = await #expect(throws: ConnectorError.self) { try await client.send(VendorRequest(.get, "/me")) }
            try await transport.shutdown()
            #expect(error?.code == .authentication)
            #expect(error?.httpStatus == 401)
            #expect(await script.count(path: "/me") == 1)
        }
    }

    @Test func aPermanent400IsNotRetried() async throws {
        let script = Script([
            "/bad": [.init(status: 400, body: #"{"message":"bad email jane.doe@example.com"}"#), .init(status: 200)]
        ])
        try await withTestServer(scriptedRouter(script, paths: ["/bad"])) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let clock = ManualClock()
            let client = makeClient(baseURL, transport, clock: clock)
            let error = await #expect(throws: ConnectorError.self) {
                try await client.send(VendorRequest(.post, "/bad", body: Data("{}".utf8), operation: "contacts.create"))
            }
            try await transport.shutdown()
            #expect(error?.code == .permanent)
            #expect(error?.recovery == .fail)
            #expect(error?.httpStatus == 400)
            #expect(error?.vendor == "testvendor")
            #expect(error?.operation == "contacts.create")
            #expect(await script.count(path: "/bad") == 1)
            #expect(clock.sleeps.isEmpty)
            #expect(client.stats.failures == 1)
        }
    }

    @Test func retriesRunOutIntoRetryLater() async throws {
        let script = Script(["/down": Array(repeating: .init(status: 502), count: 4)])
        try await withTestServer(scriptedRouter(script, paths: ["/down"])) { baseURL in
            let transport = AsyncHTTPClientTransport()
            let client = makeClient(baseURL, transport, clock: ManualClock())
            let error = await #expect(throws: ConnectorError.self) {
                try await client.send(VendorRequest(.get, "/down"))
            }
            try await transport.shutdown()
            #expect(error?.code == .transient)
            #expect(error?.recovery == .retryLater(afterMs: nil))
            #expect(error?.httpStatus == 502)
            #expect(await script.count(path: "/down") == 4)
        }
    }

    @Test func absoluteURLsAndQueriesAreResolved() async throws {
        let transport = StubTransport { _ in VendorResponse(status: 200) }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid/base/")!, transport: transport
        )
        _ = try await client.send(
            VendorRequest(
                .get, "/contacts/\(VendorRequest.encodePathSegment("a+b@example.com"))",
                query: [URLQueryItem(name: "email", value: "a+b@example.com")]))
        _ = try await client.send(VendorRequest(.post, "https://soap.example.invalid/Service.asmx"))
        #expect(
            transport.requests.map(\.url.absoluteString) == [
                "https://api.example.invalid/base/contacts/a%2Bb%40example.com?email=a%2Bb%40example.com",
                "https://soap.example.invalid/Service.asmx",
            ])
    }

    @Test func cancellationEndsTheLoop() async throws {
        let transport = StubTransport { _ in VendorResponse(status: 503) }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            retry: RetryPolicy(maxAttempts: 100, baseDelayMs: 60_000), random: .maximum
        )
        let task = Task { try await client.send(VendorRequest(.get, "/x")) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let error = await #expect(throws: ConnectorError.self) { try await task.value }
        #expect(error?.code == .cancelled)
    }
}
