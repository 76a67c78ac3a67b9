import ConnectorKit
import Foundation
import Logging
import SyncCore

@testable import HubSpotConnector

/// Shared helpers of the HubSpot connector tests.
enum ConnectorTestSupport {
    /// `fixtures/hubspot` of this repository.
    static let fixturesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// A replay transport for `fixtures/hubspot/<scenario>/`.
    static func replay(_ scenario: String) throws -> FixtureReplayTransport {
        try FixtureReplayTransport(root: fixturesRoot, vendor: "hubspot", scenario: scenario)
    }

    /// A configuration for fixtures: private-app token `pat-fixture`, small pages, sequential consent reads.
    static func configuration(
        pageSize: Int = 2, subscriptionTypes: [HubSpotConnector.SubscriptionType] = [],
        auth: HubSpotConnector.Auth = .privateApp(token: "pat-fixture"), consentAPI: HubSpotConnector.ConsentAPI = .v3
    ) -> HubSpotConnector.Configuration {
        HubSpotConnector.Configuration(
            baseURL: URL(string: "http://127.0.0.1:1")!, auth: auth, subscriptionTypes: subscriptionTypes,
            pageSize: pageSize, consentAPI: consentAPI, consentConcurrency: 1
        )
    }

    /// A connector over `transport` with a virtual clock (sleeps advance it instantly) and no jitter.
    static func connector(
        _ configuration: HubSpotConnector.Configuration, transport: any HTTPTransport,
        clock: VirtualClock = VirtualClock(),
        logger: Logger = Logger(label: "test.hubspot")
    ) -> HubSpotConnector {
        HubSpotConnector(
            configuration: configuration, transport: transport, logger: logger, clock: clock.epochClock,
            random: .minimum
        )
    }

    /// Pulls `stream` from `cursor` until `hasMore == false`; returns the items and the cursors after each page.
    static func pullAll(
        _ connector: any VendorConnector, stream: String, from cursor: CursorToken? = nil,
        now: UTCMillis = 1_700_000_000_000,
        maxPages: Int = 1_000
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

    /// The changes of `items`.
    static func changes(_ items: [PulledItem]) -> [RemoteChange] {
        items.compactMap { if case .change(let change) = $0 { change } else { nil } }
    }

    /// The rejections of `items`.
    static func rejections(_ items: [PulledItem]) -> [RejectedRecord] {
        items.compactMap { if case .rejected(let record) = $0 { record } else { nil } }
    }

    /// The decoded contacts cursor of a token.
    static func contactsCursor(_ token: CursorToken) throws -> ContactsCursor {
        guard let cursor = try token.decode(ContactsCursor.self, expectedVersion: ContactsCursor.version) else {
            throw TestFailure("cursor of another version")
        }
        return cursor
    }

    /// An attributes mutation.
    static func attributes(
        _ key: String, email: String?, recordKey: String? = nil, _ fields: [String: String]
    ) -> Mutation {
        Mutation(
            idempotencyKey: key, vendor: "hubspot", recordKey: recordKey, email: email, personRef: "p-\(key)",
            payload: .attributes(fields))
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

    init(startMs: Int64 = 1_700_000_000_000) { state = Locked((startMs, [])) }

    var sleeps: [Int64] { state.withLock { $0.sleeps } }

    /// Moves time forward without recording a sleep.
    func advance(by ms: Int64) { state.withLock { $0.now += ms } }
    var nowMs: Int64 { state.withLock { $0.now } }

    var epochClock: EpochClock {
        EpochClock(
            nowMs: { [state] in state.withLock { $0.now } },
            sleep: { [state] ms in
                state.withLock {
                    $0.now += max(0, ms)
                    $0.sleeps.append(ms)
                }
            }
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
