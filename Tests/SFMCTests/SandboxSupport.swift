import ConnectorKit
import ConnectorTestKit
import Foundation
import SandboxKit
import SFMCSandbox
import SyncCore
@testable import SFMCConnector

/// 2026-12-01T00:00:00Z.
let sandboxNowMs: Int64 = 1_796_083_200_000

/// A manual sandbox clock at `sandboxNowMs`.
func manualClock() -> SandboxClock {
    SandboxClock.manual(at: Date(timeIntervalSince1970: Double(sandboxNowMs) / 1000))
}

/// Runs `body` against an SFMC sandbox on an ephemeral port serving `state`, with a connector pointed at it
/// (default credentials, list 1001 → `newsletter`, Data Extension `vendor_events`).
func withSFMCSandbox(
    _ state: SFMCSandboxState, faults: FaultSpec = FaultSpec(), rateLimits: RateLimitMode = .off,
    clock: EpochClock = .system, configure: (inout SFMCConnector.Configuration) -> Void = { _ in },
    _ body: (SFMCConnector, SFMCSandbox, RecordingTransport) async throws -> Void
) async throws {
    let sandbox = SFMCSandbox(configuration: SandboxConfiguration(rateLimits: rateLimits, faults: faults), state: state)
    let url = try await sandbox.start()
    let transport = AsyncHTTPClientTransport()
    let recorder = RecordingTransport(transport)
    var configuration = SFMCConnector.Configuration(
        authBaseURL: url, clientId: "sandbox-client", clientSecret: "sandbox-secret", accountId: "100",
        lists: [SFMCConnector.ManagedList(id: 1001, topic: "newsletter")], eventsDataExtensionKey: "vendor_events")
    configure(&configuration)
    let connector = SFMCConnector(configuration: configuration, transport: recorder, clock: clock,
                                  retry: RetryPolicy(baseDelayMs: 5, maxDelayMs: 50))
    try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
        try await body(connector, sandbox, recorder)
    }
}
