import ConnectorKit
import Foundation
import Testing

/// `RateLimitOverride`: configured replacements of a connector's declared limits, applied to a real client.
@Suite struct RateLimitOverrideTests {
    static let declared = [
        RateLimit(name: "burst", limit: 190, per: .seconds(10)),
        RateLimit(name: "users.export.ids", limit: 250, per: .seconds(60), appliesTo: .namedRequests),
    ]

    @Test func offRemovesEveryLimit() throws {
        #expect(try RateLimitOverride.allOff.applied(to: Self.declared, vendor: "acme").isEmpty)
    }

    @Test func oneLimitIsRaisedAndAnotherTurnedOffKeepingItsScope() throws {
        let override = RateLimitOverride.limits([
            "users.export.ids": RateLimitOverride.Setting(limit: 2_500, per: .seconds(60)), "burst": RateLimitOverride.Setting?.none,
        ])
        let limits = try override.applied(to: Self.declared, vendor: "acme")
        #expect(limits == [RateLimit(name: "users.export.ids", limit: 2_500, per: .seconds(60), appliesTo: .namedRequests)])
    }

    @Test func anUnknownNameIsAConfigurationErrorNamingTheDeclaredOnes() {
        let override = RateLimitOverride.limits(["users.export": RateLimitOverride.Setting?.none])
        #expect {
            try override.applied(to: Self.declared, vendor: "acme")
        } throws: { error in
            let error = error as? ConnectorError
            return error?.code == .configuration && error?.message.contains("declared: burst, users.export.ids") == true
        }
    }

    @Test func theClientsLimiterTakesTheOverrideBeforeItsFirstRequest() async throws {
        let client = VendorHTTPClient(
            vendor: "acme", baseURL: URL(string: "http://127.0.0.1:1")!, transport: NeverCalledTransport(),
            limits: Self.declared)
        try await client.override(.limits(["burst": RateLimitOverride.Setting(limit: 1_000, per: .seconds(1))]))
        let limits = await client.rateLimiter.limits
        #expect(limits.map(\.limit) == [1_000, 250])
        #expect(limits.first?.windowMs == 1_000)
    }
}

/// A transport the test never sends through.
private struct NeverCalledTransport: HTTPTransport {
    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        throw TransportError(.connectFailed, "not used")
    }
}

/// `RateLimit.reserve`: part of a window kept for priority requests (a fetch someone waits for).
@Suite struct RateLimitReserveTests {
    @Test func bulkRequestsStopShortOfTheReserveAndPriorityRequestsUseIt() {
        var state = RateLimiterState(limits: [RateLimit(name: "burst", limit: 10, per: .seconds(10), reserve: 2)])
        for _ in 0..<8 { #expect(state.acquire(bucket: nil, nowMs: 0) == .proceed) }
        #expect(state.acquire(bucket: nil, nowMs: 0) == .wait(ms: 10_000))
        #expect(state.acquire(bucket: nil, nowMs: 0, priority: true) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 0, priority: true) == .proceed)
        #expect(state.acquire(bucket: nil, nowMs: 0, priority: true) == .wait(ms: 10_000))
    }

    @Test func anOverrideKeepsTheReserveBelowTheNewLimit() throws {
        let declared = [RateLimit(name: "burst", limit: 190, per: .seconds(10), reserve: 9)]
        let raised = try RateLimitOverride.limits(["burst": RateLimitOverride.Setting(limit: 1_000, per: .seconds(10))])
            .applied(to: declared, vendor: "acme")
        #expect(raised.first?.reserve == 9)
        let lowered = try RateLimitOverride.limits(["burst": RateLimitOverride.Setting(limit: 1, per: .seconds(10))])
            .applied(to: declared, vendor: "acme")
        #expect(lowered.first?.reserve == 0)
    }
}
