import ConnectorKit
import ConnectorTestKit
import Foundation
import Logging
import SyncCore
@testable import SFMCConnector

/// Shared helpers of the SFMC tests.
enum TestSupport {
    /// The package root and `fixtures/`.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixturesRoot = packageRoot.appendingPathComponent("fixtures")

    /// A replay transport for `fixtures/sfmc/<scenario>/`.
    static func replay(_ scenario: String) throws -> FixtureReplayTransport {
        try FixtureReplayTransport(root: fixturesRoot, vendor: "sfmc", scenario: scenario)
    }

    /// A configuration for fixtures: client `client-fixture`, list 1001 → `newsletter`, DE `vendor_events`.
    static func configuration(pageSize: Int = 2_500, authBaseURL: String = "http://127.0.0.1:1") -> SFMCConnector.Configuration {
        SFMCConnector.Configuration(
            authBaseURL: URL(string: authBaseURL)!, clientId: "client-fixture", clientSecret: "secret-fixture",
            accountId: "100", lists: [SFMCConnector.ManagedList(id: 1001, topic: "newsletter")],
            eventsDataExtensionKey: "vendor_events", pageSize: pageSize)
    }

    /// A connector over `transport` with a virtual clock and no jitter.
    static func connector(
        _ configuration: SFMCConnector.Configuration, transport: any HTTPTransport, clock: VirtualClock = VirtualClock(),
        logger: Logger = Logger(label: "test.sfmc"), retry: RetryPolicy = RetryPolicy()
    ) -> SFMCConnector {
        SFMCConnector(configuration: configuration, transport: transport, logger: logger, clock: clock.epochClock,
                      retry: retry, random: .minimum)
    }

    /// Pulls `stream` from `cursor` until `hasMore == false`.
    static func pullAll(
        _ connector: any VendorConnector, stream: String, from cursor: CursorToken? = nil,
        now: UTCMillis = 1_796_083_200_000, maxPages: Int = 1_000
    ) async throws -> (items: [PulledItem], cursors: [CursorToken]) {
        try await PageWalker.pullAll(connector, stream: stream, from: cursor, now: now, maxPages: maxPages)
    }

    static func changes(_ items: [PulledItem]) -> [RemoteChange] {
        items.compactMap { if case let .change(change) = $0 { change } else { nil } }
    }

    static func rejections(_ items: [PulledItem]) -> [RejectedRecord] {
        items.compactMap { if case let .rejected(record) = $0 { record } else { nil } }
    }

    /// A mutation for SFMC.
    static func mutation(_ key: String, recordKey: String?, email: String?, _ payload: MutationPayload) -> Mutation {
        Mutation(idempotencyKey: key, vendor: "sfmc", recordKey: recordKey, email: email, personRef: "p-\(key)", payload: payload)
    }
}




/// Records every request (method, path, body text) that goes through it, then forwards.
final class RecordingTransport: HTTPTransport, Sendable {
    let inner: any HTTPTransport
    private let log = Locked([(path: String, body: String, status: Int)]())

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var requests: [(path: String, body: String, status: Int)] { log.withLock { $0 } }

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        let response = try await inner.execute(request, timeout: timeout)
        let body = String(decoding: request.body ?? Data(), as: UTF8.self)
        log.withLock { $0.append((request.url.path, body, response.status)) }
        return response
    }
}
