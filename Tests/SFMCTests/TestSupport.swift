import ConnectorKit
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
        var items: [PulledItem] = []
        var cursors: [CursorToken] = []
        var cursor = cursor
        for _ in 0..<maxPages {
            let page = try await connector.pull(stream: stream, after: cursor, context: PullContext(now: now))
            items += page.items
            cursors.append(page.cursor)
            cursor = page.cursor
            if !page.hasMore { return (items, cursors) }
        }
        throw TestFailure("\(stream) did not finish within \(maxPages) pages")
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

/// A failed test expectation outside `#expect`.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A clock whose sleeps advance time at once and are recorded.
final class VirtualClock: Sendable {
    private let state: Locked<(now: Int64, sleeps: [Int64])>

    init(startMs: Int64 = 1_796_083_200_000) { state = Locked((startMs, [])) }

    var sleeps: [Int64] { state.withLock { $0.sleeps } }
    var nowMs: Int64 { state.withLock { $0.now } }

    func advance(_ ms: Int64) { state.withLock { $0.now += ms } }

    var epochClock: EpochClock {
        EpochClock(
            nowMs: { [state] in state.withLock { $0.now } },
            sleep: { [state] ms in state.withLock { $0.now += max(0, ms); $0.sleeps.append(ms) } }
        )
    }
}

/// A value behind a lock, for test doubles.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
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
