import Logging
import Testing
import VendorSyncApp

/// The `daemon` section of the configuration file: defaults, values, and strict keys.
@Suite struct AppConfigDaemonTests {
    @Test func defaultsWithoutASection() throws {
        let config = try AppConfig.parse("logLevel: info", source: "test.yaml")
        #expect(config.daemon.host == "127.0.0.1")
        #expect(config.daemon.port == 9465)
        #expect(config.daemon.defaultInterval == .seconds(300))
        #expect(config.daemon.shutdownGrace == .seconds(20))
    }

    @Test func valuesAreRead() throws {
        let config = try AppConfig.parse("""
            daemon:
              listen: "0.0.0.0:8080"
              publicBaseURL: "https://sync.example.com"
              intervalSeconds: 60
              jitter: 0.2
              drainIntervalSeconds: 5
              shutdownGraceSeconds: 10
              vendors:
                hubspot: { intervalSeconds: 30, streams: { contacts: 15 } }
            """, source: "test.yaml")
        #expect(config.daemon.host == "0.0.0.0" && config.daemon.port == 8080)
        #expect(config.daemon.router.publicBaseURL == "https://sync.example.com")
        #expect(config.daemon.schedule(vendor: "hubspot", stream: "contacts").interval == .seconds(15))
        #expect(config.daemon.schedule(vendor: "hubspot", stream: "archived").interval == .seconds(30))
        #expect(config.daemon.schedule(vendor: "braze", stream: "profiles") .interval == .seconds(60))
        #expect(config.daemon.jitter == 0.2)
        #expect(config.daemon.drainInterval == .seconds(5))
        #expect(config.daemon.shutdownGrace == .seconds(10))
    }

    @Test(arguments: [
        ("daemon: { listne: \"127.0.0.1:1\" }", "test.yaml: daemon.listne: unknown key"),
        ("daemon: { vendors: { hubspot: { interval: 3 } } }", "test.yaml: daemon.vendors.hubspot.interval: unknown key"),
        ("daemon: { listen: \"localhost\" }", "test.yaml: daemon.listen: expected HOST:PORT"),
        ("daemon: { intervalSeconds: -1 }", "test.yaml: daemon.intervalSeconds: expected a positive number of seconds"),
        ("daemon: { jitter: 2 }", "test.yaml: daemon.jitter: expected a fraction from 0 to 1"),
    ])
    func badKeysAndValuesFailNamingTheKey(yaml: String, message: String) {
        #expect {
            try AppConfig.parse(yaml, source: "test.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func anUnknownStreamFailsAtStartNamingIt() async throws {
        let config = try AppConfig.parse("""
            vendors:
              hubspot: { baseURL: "http://127.0.0.1:9" }
            daemon:
              vendors:
                hubspot: { streams: { contatcs: 10 } }
            """, source: "test.yaml")
        await #expect {
            try await DaemonRunner.run(
                config: config, databasePath: "/nonexistent/never-opened.sqlite",
                secrets: Secrets(environment: ["VENDORSYNC_HUBSPOT_TOKEN": "pat-x"]), logger: Logger(label: "test")
            )
        } throws: { error in
            "\(error)".hasPrefix("test.yaml: daemon.vendors.hubspot.streams.contatcs: unknown stream")
        }
    }
}
