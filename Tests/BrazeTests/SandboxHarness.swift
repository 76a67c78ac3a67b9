import ConnectorTestKit
import BrazeSandbox
import Foundation
import SandboxKit

/// Starts Braze sandboxes on ephemeral ports for tests and locates the package's fixtures.
enum SandboxHarness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let demoSeed = packageRoot.appendingPathComponent("fixtures/demo/braze")

    /// A fresh copy of the demo workspace with a manual clock at 2026-12-01T00:00:00Z.
    static func demoState() throws -> BrazeSandboxState {
        try BrazeSandbox.loadSeed(from: demoSeed, clock: .manual(at: Date(timeIntervalSince1970: 1_796_083_200)))
    }

    /// Runs `body` against a started sandbox, then stops it.
    static func with(
        _ state: BrazeSandboxState,
        configuration: SandboxConfiguration = SandboxConfiguration(rateLimits: .off),
        rateLimits: BrazeRateLimits = BrazeRateLimits(),
        trackLimits: BrazeTrackLimitMode = .standard,
        _ body: (SandboxTestClient, BrazeSandbox) async throws -> Void
    ) async throws {
        let sandbox = BrazeSandbox(
            configuration: configuration, state: state, rateLimits: rateLimits, trackLimits: trackLimits)
        let url = try await sandbox.start()
        do {
            try await body(SandboxTestClient(baseURL: url, token: "sandbox-api-key"), sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}
