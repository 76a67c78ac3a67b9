import ConnectorKit
import Logging
import Testing
import VendorSyncApp

/// `vendors.<vendor>.rateLimits`: read from the vendor's section, removed before the connector decodes it, and
/// refused with the key named when malformed.
@Suite struct AppConfigRateLimitsTests {
    @Test func offAndPerLimitOverridesAreRead() throws {
        let config = try AppConfig.parse("""
            vendors:
              hubspot: { baseURL: "http://127.0.0.1:1", rateLimits: off }
              braze:
                restBaseURL: "http://127.0.0.1:2"
                rateLimits: { users.export.ids: { limit: 2500, perSeconds: 60 }, users.track: off }
            """, source: "test.yaml")
        #expect(config.rateLimits["hubspot"] == .allOff)
        #expect(config.rateLimits["braze"] == .limits([
            "users.export.ids": RateLimitOverride.Setting(limit: 2_500, per: .seconds(60)), "users.track": RateLimitOverride.Setting?.none,
        ]))
        #expect(config.vendors.allSatisfy { $0.section.mapping?["rateLimits"] == nil })
    }

    @Test func sfmcRequestsLimitIsOverriddenOnItsClient() async throws {
        let config = try AppConfig.parse("""
            vendors:
              sfmc:
                authBaseURL: "http://127.0.0.1:3"
                clientId: sandbox-client
                rateLimits: { requests: { limit: 6000, perSeconds: 60 } }
            """, source: "test.yaml")
        let transport = AsyncHTTPClientTransport()
        let connectors = try ConnectorFactory(
            transport: transport, secrets: Secrets(environment: ["VENDORSYNC_SFMC_CLIENT_SECRET": "s"]),
            logger: Logger(label: "test")
        ).connectors(for: config)
        try await ConnectorFactory.applyRateLimits(config, to: connectors)
        let client = try #require(connectors.first as? any RateLimitOverridable).httpClient
        let limits = await client.rateLimiter.limits
        try await transport.shutdown()
        #expect(limits.map(\.name) == ["requests"])
        #expect(limits.first?.limit == 6_000)
    }

    @Test(arguments: [
        ("vendors: { braze: { rateLimits: 5 } }", "test.yaml: vendors.braze.rateLimits: expected off, or a mapping"),
        ("vendors: { braze: { rateLimits: { users.track: { limit: 0, perSeconds: 3 } } } }",
         "test.yaml: vendors.braze.rateLimits.users.track: expected off or { limit: N, perSeconds: S }"),
    ])
    func malformedOverridesNameTheKey(yaml: String, message: String) {
        #expect {
            try AppConfig.parse(yaml, source: "test.yaml")
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
