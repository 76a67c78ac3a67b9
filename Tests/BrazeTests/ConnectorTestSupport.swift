import ConnectorKit
import Foundation
import Logging
import SyncCore

@testable import BrazeConnector

/// 2026-11-15T10:00:00Z, the pull time of every fixture scenario (UTC ms).
let fixtureNow: UTCMillis = 1_794_736_800_000

/// The repository's `fixtures/` directory.
let fixturesRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures")

/// A clock whose `sleep` returns at once and advances the time; records every sleep (ms).
final class ManualTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    private var recorded: [Int64] = []

    init(startMs: Int64 = fixtureNow) { now = startMs }

    var nowMs: Int64 { lock.withLock { now } }
    var sleeps: [Int64] { lock.withLock { recorded } }

    var epochClock: EpochClock {
        EpochClock(
            nowMs: { self.nowMs },
            sleep: { ms in
                try Task.checkCancellation()
                self.lock.withLock {
                    self.recorded.append(ms)
                    self.now += ms
                }
            })
    }
}

/// Keeps every rendered log line in memory.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func logger() -> Logger {
        var logger = Logger(label: "braze-test") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lock.withLock { stored.append(line) } }

    struct Handler: LogHandler {
        let sink: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.append(
                "\(event.level) \(event.message) "
                    + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}

/// The API key used in tests (fixtures record it as `REDACTED`).
let testAPIKey = "braze-test-key-0123456789"

/// A configuration for tests against `baseURL`.
func testConfiguration(_ baseURL: String = "https://rest.iad-01.braze.com") -> BrazeConnector.Configuration {
    BrazeConnector.Configuration(restBaseURL: baseURL, apiKey: testAPIKey)
}

/// A connector replaying `fixtures/braze/<scenario>/`.
func fixtureConnector(
    _ scenario: String, clock: ManualTestClock = ManualTestClock(), logs: LogLines = LogLines(),
    configure: (inout BrazeConnector.Configuration) -> Void = { _ in }
) throws -> (BrazeConnector, FixtureReplayTransport) {
    let transport = try FixtureReplayTransport(root: fixturesRoot, vendor: "braze", scenario: scenario)
    var configuration = testConfiguration()
    configure(&configuration)
    let connector = try BrazeConnector(
        configuration: configuration, transport: transport, logger: logs.logger(), clock: clock.epochClock,
        retry: RetryPolicy(maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000), random: .minimum
    )
    return (connector, transport)
}

/// An attributes mutation for an existing Braze record.
func attributeMutation(_ key: String, _ fields: [String: String], email: String? = nil) -> Mutation {
    Mutation(
        idempotencyKey: "idem-\(key)", vendor: "braze", recordKey: key, email: email, personRef: "vs-\(key)",
        payload: .attributes(fields)
    )
}

/// A channel-wide consent mutation.
func consentMutation(
    _ key: String?, email: String?, personRef: String, channel: Channel = .email, state: ConsentState,
    topic: String = ConsentKey.channelWide
) -> Mutation {
    Mutation(
        idempotencyKey: "idem-consent-\(personRef)", vendor: "braze", recordKey: key, email: email,
        personRef: personRef,
        payload: .consent(
            ConsentKey(channel: channel, topic: topic),
            ConsentRecord(state: state, at: fixtureNow - 60_000, source: "hubspot"))
    )
}

extension PulledItem {
    var change: RemoteChange? {
        if case .change(let change) = self { return change }
        return nil
    }

    var rejected: RejectedRecord? {
        if case .rejected(let record) = self { return record }
        return nil
    }
}

extension PushOutcome {
    var isApplied: Bool {
        if case .applied = self { return true }
        return false
    }

    var isRetry: Bool {
        if case .retry = self { return true }
        return false
    }
}
