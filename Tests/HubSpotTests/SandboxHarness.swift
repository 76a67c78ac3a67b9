import ConnectorTestKit
import Foundation
import HubSpotSandbox
import SandboxKit

/// Starts HubSpot sandboxes on ephemeral ports for tests and locates the package's fixtures.
enum SandboxHarness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let demoSeed = packageRoot.appendingPathComponent("fixtures/demo/hubspot")

    /// A fresh copy of the demo portal with a manual clock at 2026-12-01T00:00:00Z.
    static func demoState() throws -> HubSpotSandboxState {
        try HubSpotSandbox.loadSeed(from: demoSeed, clock: .manual(at: Date(timeIntervalSince1970: 1_796_083_200)))
    }

    /// Runs `body` against a started sandbox, then stops it.
    static func with(
        _ state: HubSpotSandboxState,
        configuration: SandboxConfiguration = SandboxConfiguration(rateLimits: .off),
        rateLimits: HubSpotRateLimits = HubSpotRateLimits(),
        _ body: (SandboxTestClient, HubSpotSandbox) async throws -> Void
    ) async throws {
        let sandbox = HubSpotSandbox(configuration: configuration, state: state, rateLimits: rateLimits)
        let url = try await sandbox.start()
        do {
            try await body(SandboxTestClient(baseURL: url, token: "pat-sandbox"), sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}
