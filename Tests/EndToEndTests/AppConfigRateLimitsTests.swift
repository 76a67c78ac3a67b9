import ConnectorKit
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
