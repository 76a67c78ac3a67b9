import Testing
import VendorSyncApp

/// The `engine` section's push concurrency and read-ahead: defaults, values, and refused values naming the key.
@Suite struct AppConfigEngineTests {
    @Test func pushConcurrencyDefaultsToFourAndIsRead() throws {
        #expect(try AppConfig.parse("logLevel: info", source: "test.yaml").engine.pushConcurrency == 4)
        #expect(try AppConfig.parse("engine: { pushConcurrency: 1 }", source: "test.yaml").engine.pushConcurrency == 1)
        #expect(try AppConfig.parse("engine:\n  pushConcurrency: 16\n", source: "test.yaml").engine.pushConcurrency == 16)
    }

    @Test(arguments: ["0", "-2", "many", "1.5", "[4]"])
    func pushConcurrencyBelowOneOrNotAWholeNumberIsRefusedNamingTheKey(value: String) {
        #expect {
            try AppConfig.parse("engine:\n  pushConcurrency: \(value)\n", source: "test.yaml")
        } throws: { error in
            "\(error)" == "test.yaml: engine.pushConcurrency: expected a positive whole number"
        }
    }

    @Test func prefetchRecordsDefaultsTo5000AndIsReadOrRefused() throws {
        #expect(try AppConfig.parse("logLevel: info", source: "test.yaml").engine.prefetchRecords == 5_000)
        #expect(try AppConfig.parse("engine: { prefetchRecords: 200 }", source: "test.yaml").engine.prefetchRecords == 200)
        #expect {
            try AppConfig.parse("engine: { prefetchRecords: 0 }", source: "test.yaml")
        } throws: { error in
            "\(error)" == "test.yaml: engine.prefetchRecords: expected a positive whole number"
        }
    }
}
