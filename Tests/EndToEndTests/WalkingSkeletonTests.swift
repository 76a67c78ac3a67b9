import ArgumentParser
import Foundation
import Logging
import SyncStore
import Testing
import VendorSyncApp

/// The main job end to end: the demo dataset in both sandboxes (over loopback), one reconcile, and the outcome
/// checked through the vendors' own endpoints.
@Suite struct WalkingSkeletonTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/demo")

    struct Setup {
        let host: SandboxHost
        let config: AppConfig
        let database: String
        let probe: VendorProbe
    }

    func start() async throws -> Setup {
        var options = SandboxHost.Options()
        options.hubspotPort = 0
        options.brazePort = 0
        options.sfmcPort = 0
        options.seedDirectory = Self.demo
        let host = try SandboxHost(options: options)
        let urls = try await host.start()
        let config = try AppConfig.parse(SandboxHost.configuration(for: urls), source: "test")
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString).sqlite").path
        let probe = VendorProbe(hubspot: urls[0].url, braze: urls[1].url)
        return Setup(host: host, config: config, database: database, probe: probe)
    }

    func reconcile(_ setup: Setup) async throws -> ReconcileRunner.Result {
        try await ReconcileRunner.run(
            config: setup.config, databasePath: setup.database, secrets: Secrets(environment: SandboxHost.credentials),
            dryRun: false, logger: Logger(label: "e2e")
        )
    }

    @Test func demoReconcilesAcrossHubSpotAndBraze() async throws {
        let setup = try await start()
        let first = try await reconcile(setup)
        #expect(first.report.succeeded)
        let probe = setup.probe

        // The Braze opt-out reached HubSpot: every managed type unsubscribed, the per-type opt-out property set.
        #expect(try await probe.hubSpotStatuses("ava.optout@example.com") == ["1001": "NOT_SUBSCRIBED", "1002": "NOT_SUBSCRIBED"])
        let ava = try await probe.hubSpotContact("ava.optout@example.com", properties: ["hs_email_optout_1001", "hs_email_optout_1002"])
        #expect(ava["hs_email_optout_1001"] == "true")
        #expect(ava["hs_email_optout_1002"] == "true")

        // The newer explicit HubSpot opt-in reached Braze, over the older Braze unsubscribe.
        let braze = try await probe.brazeUsers(["cust-0002", "cust-0003", "cust-0004", "cust-0001"], fields: ["email_subscribe", "first_name", "last_name"])
        #expect(braze["cust-0002"]?["email_subscribe"] as? String == "opted_in")
        #expect(braze["cust-0001"]?["email_subscribe"] as? String == "unsubscribed")

        // The later attribute edit won in both vendors, whichever vendor made it.
        #expect(braze["cust-0003"]?["last_name"] as? String == "Smith-Jones")
        #expect(try await probe.hubSpotContact("carla.edit@example.com", properties: ["lastname"])["lastname"] == "Smith-Jones")
        #expect(braze["cust-0004"]?["first_name"] as? String == "Dmitri")
        #expect(try await probe.hubSpotContact("dmitri.edit@example.com", properties: ["firstname"])["firstname"] == "Dmitri")

        // A HubSpot-only contact was created in Braze under the hub's person id, found again by email.
        let store = try SyncStore(path: setup.database)
        let hsOnly = try await store.read { tx in try tx.personID(email: "hsonly25@example.com").map { try tx.identities(personID: $0) } }
        #expect(hsOnly?.map(\.vendor.rawValue) == ["braze", "hubspot", "sfmc"])

        // The invalid email went to dead letters with its reason; the rest of the page applied.
        let letters = try await store.read { tx in try tx.deadLetters() }
        #expect(letters.map(\.reason) == ["email: not a valid address"])
        #expect(letters.first?.vendor == "hubspot")

        // The database file is private to its owner.
        #expect(try FileManager.default.attributesOfItem(atPath: setup.database)[.posixPermissions] as? Int == 0o600)

        // A second reconcile writes no diff and pushes nothing.
        let second = try await reconcile(setup)
        #expect(second.report.succeeded)
        #expect(second.report.pushes.map(\.pushed).reduce(0, +) == 0)
        #expect(try await store.read { tx in try tx.diffCount(runID: second.report.runID) } == 0)
        await setup.host.stop()
    }

    @Test func missingConfigFileFailsWithOneLineNamingIt() async throws {
        var command = try VendorSyncCommand.parseAsRoot(["reconcile", "--config", "missing.toml"]) as? any AsyncParsableCommand
        await #expect(throws: ExitCode(78)) { try await command?.run() }
    }

    @Test(arguments: [
        ("vendors:\n  hubspot:\n    pageSize: many\n", "test: vendors.hubspot.pageSize: expected Int"),
        ("vendors:\n  hubspot:\n    pagesize: 10\n", "test: vendors.hubspot.pagesize: unknown key"),
        ("vendors:\n  braze:\n    restBaseURL: http://127.0.0.1:1\n    apiKey: abc\n", "test: vendors.braze.apiKey: secrets are not read from the configuration file"),
        ("engine:\n  maxFieldBytes: -1\n", "test: engine.maxFieldBytes: expected a positive whole number"),
        ("vendor:\n  hubspot: {}\n", "test: vendor: unknown key"),
    ])
    func badConfigurationNamesTheKey(yaml: String, message: String) throws {
        do {
            let config = try AppConfig.parse(yaml, source: "test")
            _ = try ConnectorFactory(transport: NeverTransport(), secrets: Secrets(environment: SandboxHost.credentials), logger: Logger(label: "t"))
                .connectors(for: config)
            Issue.record("no error for \(yaml)")
        } catch let error as ConfigError {
            #expect(error.description.hasPrefix(message))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func missingSecretNamesTheFileTheVendorAndBothPlacesLookedIn() throws {
        func message(_ yaml: String, _ environment: [String: String]) -> String {
            do {
                let config = try AppConfig.parse(yaml, source: "/etc/vendorsync/vendorsync.yaml")
                _ = try ConnectorFactory(transport: NeverTransport(), secrets: Secrets(environment: environment), logger: Logger(label: "t"))
                    .connectors(for: config)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("vendors:\n  hubspot: {}\n", [:]) == "/etc/vendorsync/vendorsync.yaml: vendors.hubspot: missing secret 'hubspot-token': "
            + "VENDORSYNC_HUBSPOT_TOKEN is not set and no credential file $CREDENTIALS_DIRECTORY/hubspot-token (CREDENTIALS_DIRECTORY is not set); "
            + "for OAuth instead set hubspot-refresh-token, hubspot-client-id and hubspot-client-secret the same way")
        let braze = "vendors:\n  braze:\n    restBaseURL: http://127.0.0.1:1\n"
        #expect(message(braze, ["CREDENTIALS_DIRECTORY": "/run/credentials/vendorsync.service"])
            == "/etc/vendorsync/vendorsync.yaml: vendors.braze: missing secret 'braze-api-key': "
            + "VENDORSYNC_BRAZE_API_KEY is not set and no credential file /run/credentials/vendorsync.service/braze-api-key")
        #expect(message("vendors:\n  hubspot: {}\n", ["VENDORSYNC_HUBSPOT_REFRESH_TOKEN": "r", "VENDORSYNC_HUBSPOT_CLIENT_ID": "c"]).hasPrefix(
            "/etc/vendorsync/vendorsync.yaml: vendors.hubspot: missing secret 'hubspot-client-secret': VENDORSYNC_HUBSPOT_CLIENT_SECRET is not set"))
    }
}
