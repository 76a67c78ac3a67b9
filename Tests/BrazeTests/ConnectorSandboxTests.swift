import BrazeSandbox
import ConnectorKit
import ConnectorTestKit
import Foundation
import SandboxKit
import SyncCore
import Testing

@testable import BrazeConnector

@Suite("Braze connector against the sandbox")
struct ConnectorSandboxTests {
    @Test("an unsubscribe written through /email/status shows up in the unsubscribes stream")
    func unsubscribeRoundTrip() async throws {
        try await withBrazeSandbox(BrazeSandboxState(clock: sandboxClock())) { connector, sandbox in
            let outcomes = try await connector.push([
                consentMutation(nil, email: "opt.out@example.com", personRef: "vs-7", state: .optedOut)
            ])
            #expect(outcomes == [.applied(recordKey: "vs-7")])
            #expect(sandbox.state.profile(externalId: "vs-7")?["email_subscribe"]?.stringValue == "unsubscribed")
            let changes = try await pullAll(connector, "unsubscribes").compactMap(\.change)
            let change = try #require(changes.first { $0.email == "opt.out@example.com" })
            #expect(change.consent.map(\.state) == [.optedOut])
            #expect(change.consent.first?.at == fixtureNow)
        }
    }

    @Test("an opt-out pushed to one profile reaches the other profile sharing its address")
    func optOutReachesBothProfiles() async throws {
        let users = #"""
            {"users": [
              {"external_id": "ext-1", "email": "twin@example.com", "first_name": "Ann", "created_at": "2024-01-01 00:00:00.000 UTC", "email_subscribe": "opted_in"},
              {"external_id": "ext-2", "email": "twin@example.com", "first_name": "Bo", "created_at": "2024-02-01 00:00:00.000 UTC", "email_subscribe": "subscribed"}
            ], "message": "success"}
            """#
        let state = try BrazeSandbox.loadSeed(from: try seedDirectory(["users.json": users]), clock: sandboxClock())
        try await withBrazeSandbox(state) { connector, sandbox in
            let outcomes = try await connector.push([
                consentMutation("ext-1", email: "twin@example.com", personRef: "vs-1", state: .optedOut)
            ])
            #expect(outcomes == [.applied(recordKey: "ext-1")])
            #expect(sandbox.state.profile(externalId: "ext-2")?["email_subscribe"]?.stringValue == "unsubscribed")
            let context = PullContext(now: fixtureNow) { after, _ in after == nil ? ["ext-1", "ext-2"] : [] }
            let changes = try await pullAll(connector, "profiles", context: context).compactMap(\.change)
            #expect(changes.map(\.recordKey) == ["ext-1", "ext-2"])
            #expect(changes.map { $0.consent.first { $0.key.channel == .email }?.state } == [.optedOut, .optedOut])
        }
    }

    @Test("an empty email row, a non-ISO unsubscribed_at and a 1 MB attribute are rejected with reasons; the rest maps")
    func badInput() async throws {
        let big = String(repeating: "x", count: 1_048_576)
        let users =
            #"{"users": [{"external_id": "u-big", "email": "big@example.com", "created_at": "2024-01-01 00:00:00.000 UTC", "custom_attributes": {"blob": "\#(big)"}}, {"external_id": "u-ok", "email": "ok@example.com", "created_at": "2024-01-01 00:00:00.000 UTC"}], "message": "success"}"#
        let unsubscribes =
            #"{"emails": [{"email": "gone@example.com", "unsubscribed_at": "2026-11-10 08:00:00 +0000"}], "message": "success"}"#
        let state = try BrazeSandbox.loadSeed(
            from: try seedDirectory(["users.json": users, "unsubscribes.json": unsubscribes]), clock: sandboxClock()
        )
        let injected = [
            ["email": "", "unsubscribed_at": "2026-11-10 09:00:00 +0000"],
            ["email": "late@example.com", "unsubscribed_at": "10 Nov 2026"],
        ]
        try await withBrazeSandbox(state, wrap: { RowInjectingTransport(inner: $0, rows: injected) }) { connector, _ in
            let items = try await pullAll(connector, "unsubscribes")
            #expect(items.compactMap(\.change).map(\.email).contains("gone@example.com"))
            let reasons = Set(items.compactMap(\.rejected).map(\.reason))
            #expect(reasons == ["email: empty address", "unsubscribed_at: unparseable timestamp \"10 Nov 2026\""])
            let context = PullContext(now: fixtureNow) { after, _ in after == nil ? ["u-big", "u-ok"] : [] }
            let profiles = try await pullAll(connector, "profiles", context: context)
            #expect(profiles.compactMap(\.change).map(\.recordKey) == ["u-ok"])
            #expect(
                profiles.compactMap(\.rejected).map(\.reason) == [
                    "custom_attributes.blob: value of 1048576 bytes exceeds the 65536-byte limit"
                ])
        }
    }
}

@Suite("Braze connector against the sandbox's rate limits")
struct ConnectorSandboxRateLimitTests {
    @Test("x-ratelimit headers pace a client before a 429, and a 429 caused by another client is waited out")
    func pacingAndWaiting() async throws {
        let clock = sandboxClock()
        let sleeps = SleepLog()
        let linked = EpochClock(
            nowMs: { clock.nowMilliseconds() },
            sleep: { ms in
                sleeps.append(ms)
                clock.advance(by: Double(ms) / 1000)
            })
        let sandbox = BrazeSandbox(
            configuration: SandboxConfiguration(port: 0), state: BrazeSandboxState(clock: clock),
            rateLimits: BrazeRateLimits(track: 2, trackWindowMs: 3_000)
        )
        let url = try await sandbox.start()
        let transport = AsyncHTTPClientTransport()
        let configuration = BrazeConnector.Configuration(restBaseURL: url.absoluteString, apiKey: "sandbox-api-key")
        func connector() throws -> BrazeConnector {
            try BrazeConnector(
                configuration: configuration, transport: transport, logger: LogLines().logger(), clock: linked)
        }
        try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
            let first = try connector()
            for index in 1...4 {
                #expect(
                    try await first.push([attributeMutation("rl-\(index)", ["first_name": "N\(index)"])]).allSatisfy {
                        $0.isApplied
                    })
            }
            #expect(first.client.stats.rateLimitedResponses == 0)
            #expect(sleeps.total > 0)
            let waitedByFirst = sleeps.total
            let second = try connector()
            #expect(
                try await second.push([attributeMutation("rl-5", ["first_name": "N5"])]).allSatisfy { $0.isApplied })
            #expect(second.client.stats.rateLimitedResponses == 1)
            #expect(sleeps.total > waitedByFirst)
        }
    }
}

/// Sleeps requested from a test clock, in ms.
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int64] = []

    func append(_ ms: Int64) { lock.withLock { values.append(ms) } }
    var total: Int64 { lock.withLock { values.reduce(0, +) } }
}
