import BrazeSandbox
import Foundation
import HubSpotSandbox
import SandboxKit
import SFMCSandbox

/// Runs the local vendor emulators in this process: what `vendorsync sandbox` and `reconcile --sandbox` start.
public final class SandboxHost: Sendable {
    /// Where and how the emulators run.
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        /// Ports; 0 (the default) picks a free one. `vendorsync sandbox` uses 18081, 18082 and 18083.
        public var hubspotPort = 0
        public var brazePort = 0
        public var sfmcPort = 0
        /// Generate this many contacts per vendor instead of loading a seed directory.
        public var contacts: Int?
        public var randomSeed: UInt64 = 1
        /// A directory with `hubspot/`, `braze/` and `sfmc/` seed files in the vendors' formats (e.g. `fixtures/demo`).
        public var seedDirectory: URL?
        public var faults = FaultSpec()
        public var rateLimits: RateLimitMode = .vendor

        /// Defaults: free ports, no seed, no faults, vendor rate limits.
        public init() {}
    }

    public let hubspot: HubSpotSandbox
    public let braze: BrazeSandbox
    public let sfmc: SFMCSandbox

    /// Builds the emulators and their seeded state.
    /// - Throws: the seed loaders' errors, naming the file.
    public init(options: Options) throws {
        func configuration(_ port: Int) -> SandboxConfiguration {
            SandboxConfiguration(host: options.host, port: port, rateLimits: options.rateLimits, faults: options.faults,
                                 randomSeed: options.randomSeed)
        }
        let hubspotState: HubSpotSandboxState
        let brazeState: BrazeSandboxState
        let sfmcState: SFMCSandboxState
        if let contacts = options.contacts {
            hubspotState = HubSpotSandbox.generated(contacts: contacts, randomSeed: options.randomSeed)
            brazeState = BrazeSandbox.generated(profiles: contacts, randomSeed: options.randomSeed)
            sfmcState = SFMCSandbox.generated(subscribers: contacts, randomSeed: options.randomSeed)
        } else if let directory = options.seedDirectory {
            hubspotState = try HubSpotSandbox.loadSeed(from: directory.appendingPathComponent("hubspot"))
            brazeState = try BrazeSandbox.loadSeed(from: directory.appendingPathComponent("braze"), randomSeed: options.randomSeed)
            sfmcState = try SFMCSandbox.loadSeed(from: directory.appendingPathComponent("sfmc"), randomSeed: options.randomSeed)
        } else {
            hubspotState = HubSpotSandbox.generated(contacts: 0, randomSeed: options.randomSeed)
            brazeState = BrazeSandbox.generated(profiles: 0, randomSeed: options.randomSeed)
            sfmcState = SFMCSandbox.generated(subscribers: 0, randomSeed: options.randomSeed)
        }
        hubspot = HubSpotSandbox(configuration: configuration(options.hubspotPort), state: hubspotState)
        braze = BrazeSandbox(configuration: configuration(options.brazePort), state: brazeState)
        sfmc = SFMCSandbox(configuration: configuration(options.sfmcPort), state: sfmcState)
    }

    /// Starts both emulators; returns their base URLs by vendor name once they listen.
    public func start() async throws -> [(vendor: String, url: URL, credentials: String)] {
        let hubspotURL = try await hubspot.start()
        let brazeURL = try await braze.start()
        let sfmcURL = try await sfmc.start()
        return [
            ("hubspot", hubspotURL, "private-app token pat-sandbox"),
            ("braze", brazeURL, "REST API key sandbox-api-key"),
            ("sfmc", sfmcURL, "client id sandbox-client, client secret sandbox-secret, account id 100"),
        ]
    }

    /// Stops both emulators.
    public func stop() async {
        await hubspot.stop()
        await braze.stop()
        await sfmc.stop()
    }

    /// The demo dataset's directory: `$VENDORSYNC_DEMO_DIR`, else `fixtures/demo` under the current directory.
    public static func demoDirectory() -> URL? {
        let path = ProcessInfo.processInfo.environment["VENDORSYNC_DEMO_DIR"] ?? "fixtures/demo"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// The configuration a reconcile uses against these emulators (base URLs filled in; secrets set as environment).
    public static func configuration(for urls: [(vendor: String, url: URL, credentials: String)]) -> String {
        let hubspot = urls.first { $0.vendor == "hubspot" }?.url.absoluteString ?? ""
        let braze = urls.first { $0.vendor == "braze" }?.url.absoluteString ?? ""
        let sfmc = urls.first { $0.vendor == "sfmc" }?.url.absoluteString ?? ""
        return """
            vendors:
              hubspot:
                baseURL: "\(hubspot)"
                subscriptionTypes: [{ id: "1001", topic: marketing }, { id: "1002", topic: one_to_one }]
                firstEventsWindowDays: 365
                suppressionProperty: vendorsync_suppression
              braze:
                restBaseURL: "\(braze)"
                listStartDate: "2026-01-01"
                segmentExport: { segmentId: all-users }
              sfmc:
                authBaseURL: "\(sfmc)"
                clientId: sandbox-client
                accountId: "100"
                initialEventsLookbackMs: 31536000000
            """
    }

    /// The sandbox's credentials, as the secrets a reconcile against it reads.
    public static let credentials = [
        "VENDORSYNC_HUBSPOT_TOKEN": "pat-sandbox",
        "VENDORSYNC_BRAZE_API_KEY": "sandbox-api-key",
        "VENDORSYNC_SFMC_CLIENT_SECRET": "sandbox-secret",
    ]
}
