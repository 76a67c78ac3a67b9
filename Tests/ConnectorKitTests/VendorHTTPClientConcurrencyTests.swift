import Foundation
import Testing

@testable import ConnectorKit

@Suite struct VendorHTTPClientConcurrencyTests {
    @Test func concurrentSendsNeverExceedTheDeclaredLimit() async throws {
        let clock = ManualClock(startMs: 0)
        let sentAt = Locked<[Int64]>([])
        let transport = StubTransport { _ in
            sentAt.withLock { $0.append(clock.nowMs) }
            return VendorResponse(status: 200)
        }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            limits: [RateLimit(name: "secondly", limit: 5, per: .seconds(1))], clock: clock.epochClock
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<23 {
                group.addTask { _ = try await client.send(VendorRequest(.get, "/item/\(index)")) }
            }
            try await group.waitForAll()
        }
        let times = sentAt.withLock { $0 }.sorted()
        #expect(times.count == 23)
        for (index, time) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 < time + 1_000 }.count
            #expect(inWindow <= 5, "more than 5 requests in the second starting at \(time) ms")
        }
        #expect(client.stats.requests == 23)
        #expect((times.last ?? 0) >= 4_000)  // 23 requests at 5 per second need at least four more windows
    }

    @Test func aTransientTokenFailureIsRetried() async throws {
        struct FlakyProvider: TokenProvider {
            let failures: Locked<Int>
            func fetchToken(using transport: any HTTPTransport) async throws -> AccessToken {
                let failing = failures.withLock { count -> Bool in
                    count -= 1
                    return count >= 0
                }
                if failing { throw TransportError(.connectFailed, "token endpoint down") }
                return AccessToken(value: "tok", expiresAtMs: .max)
            }
        }
        let clock = ManualClock()
        let transport = StubTransport { request in
            VendorResponse(status: request.headers["Authorization"] == "Bearer tok" ? 200 : 401)
        }
        let cache = TokenCache(
            provider: FlakyProvider(failures: Locked(2)), transport: transport, clock: clock.epochClock)
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            auth: OAuthBearerAuth(cache: cache), clock: clock.epochClock, random: .maximum
        )
        let response = try await client.send(VendorRequest(.get, "/me"))
        #expect(response.status == 200)
        #expect(clock.sleeps == [500, 1_000])
        #expect(await cache.fetchCount == 3)
        #expect(client.stats.requests == 1)
    }
}
