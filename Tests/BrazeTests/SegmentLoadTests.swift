import BrazeSandbox
import ConnectorTestKit
import ConnectorKit
import Foundation
import SandboxKit
import SyncCore
import Testing
import ZIPFoundation

@testable import BrazeConnector

/// A sandbox with `profiles` generated profiles, exports split into `usersPerFile`-user files, and a connector
/// with the `segment` stream (`pageSize` users per page, a private spool directory, quick backoff).
private final class SegmentRig: Sendable {
    let sandbox: BrazeSandbox
    let url: URL
    let spool: String

    init(profiles: Int, usersPerFile: Int, notReadyPolls: Int) async throws {
        let state = BrazeSandbox.generated(profiles: profiles, randomSeed: 11, unsubscribedEvery: 7)
        state.segmentExportTiming = BrazeSegmentExportTiming(notReadyPolls: notReadyPolls, usersPerFile: usersPerFile)
        sandbox = BrazeSandbox(configuration: SandboxConfiguration(port: 0), state: state)
        url = try await sandbox.start()
        spool = FileManager.default.temporaryDirectory.appendingPathComponent("braze-spool-\(UUID().uuidString)").path
    }

    /// A fresh connector (as after a restart) with its own transport; shut the transport down after use.
    func connector(
        pageSize: Int, attempts: Int = 6, wrap: (any HTTPTransport) -> any HTTPTransport = { $0 }
    ) throws -> (BrazeConnector, AsyncHTTPClientTransport) {
        let transport = AsyncHTTPClientTransport()
        var configuration = BrazeConnector.Configuration(restBaseURL: url.absoluteString, apiKey: "sandbox-api-key")
        configuration.segmentExport = BrazeConnector.SegmentExport(
            segmentId: "all-users", pageSize: pageSize, spoolDirectory: spool)
        let connector = try BrazeConnector(
            configuration: configuration, transport: wrap(transport), logger: LogLines().logger(),
            retry: RetryPolicy(maxAttempts: attempts, baseDelayMs: 20, maxDelayMs: 80))
        return (connector, transport)
    }

    func stop() async {
        await sandbox.stop()
        try? FileManager.default.removeItem(atPath: spool)
    }

    /// Runs `body` with a started rig, then stops it.
    static func with(
        profiles: Int, usersPerFile: Int, notReadyPolls: Int, _ body: (SegmentRig) async throws -> Void
    ) async throws {
        let rig = try await SegmentRig(profiles: profiles, usersPerFile: usersPerFile, notReadyPolls: notReadyPolls)
        do {
            try await body(rig)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }

    /// Pulls `segment` from `cursor` until the pass ends (at most `limit` pages); returns the pages.
    static func pullPages(
        _ connector: BrazeConnector, from cursor: CursorToken? = nil, limit: Int = 50, now: Int64 = fixtureNow
    ) async throws -> [Page] {
        var cursor = cursor
        var pages: [Page] = []
        for _ in 0..<limit {
            let page = try await connector.pull(stream: "segment", after: cursor, context: PullContext(now: now))
            pages.append(page)
            cursor = page.cursor
            if !page.hasMore { break }
        }
        return pages
    }

    var spoolFiles: [String] { (try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? [] }
}

@Suite("Braze segment export load against the sandbox")
struct SegmentLoadTests {
    @Test("3,000 users in 3 files and 9 pages reach the pulled pages exactly once, mapped like the profiles sweep")
    func fullLoad() async throws {
        try await SegmentRig.with(profiles: 3_000, usersPerFile: 1_000, notReadyPolls: 3) { rig in
            let (connector, transport) = try rig.connector(pageSize: 400)
            #expect(connector.streams.map(\.name).last == "segment")
            let pages = try await SegmentRig.pullPages(connector)
            // One page asking for the export, then 400 + 400 + 200 users for each of the 3 files.
            #expect(pages.map(\.items.count) == [0, 400, 400, 200, 400, 400, 200, 400, 400, 200])
            let changes = pages.flatMap(\.items).compactMap(\.change)
            #expect(changes.count == 3_000)
            #expect(Set(changes.map(\.recordKey)).count == 3_000)
            for change in changes.prefix(40) + changes.suffix(40) {
                let stored = try #require(rig.sandbox.state.profile(externalId: change.recordKey ?? ""))
                #expect(change.email == stored["email"]?.stringValue)
                #expect(change.attributes["first_name"]?.value == stored["first_name"]?.stringValue)
                #expect(change.attributes["last_name"]?.value == stored["last_name"]?.stringValue)
                #expect(change.aliases["braze_id"] == stored["braze_id"]?.stringValue)
                #expect(change.stream == "segment")
            }
            // Every 7th generated profile is unsubscribed: an opt-out; the others hold the neutral default.
            let email = changes.map { ($0.recordKey, $0.consent.first { $0.key.channel == .email }?.state) }
            #expect(email.filter { $0.1 == .optedOut }.count == 3_000 / 7)
            #expect(email.first { $0.0 == "gen-0000007" }?.1 == .optedOut)
            #expect(email.first { $0.0 == "gen-0000008" }?.1 != .optedOut)
            // The three "not ready" polls were absorbed by the HTTP layer's backoff.
            #expect(connector.client.stats.retries == 3)

            // Load complete: the next pull, a day later, idles (no new export) and removes the spool file.
            let sendsBefore = connector.client.stats.sends
            let idle = try await connector.pull(
                stream: "segment", after: pages.last?.cursor, context: PullContext(now: fixtureNow + 86_400_000))
            #expect(idle.items.isEmpty && !idle.hasMore)
            #expect(connector.client.stats.sends == sendsBefore)
            #expect(rig.spoolFiles.isEmpty)
            let state = try #require(try idle.cursor.decode(SegmentCursor.self, expectedVersion: SegmentCursor.version))
            #expect(state.loads == 1 && state.export == nil)
            #expect(rig.sandbox.state.segmentExportCount == 1)
            try await transport.shutdown()
        }
    }

    @Test("a load stopped after page 4 resumes from the stored cursor in a new process: every user exactly once")
    func crashAndResume() async throws {
        try await SegmentRig.with(profiles: 3_000, usersPerFile: 1_000, notReadyPolls: 0) { rig in
            let (first, firstTransport) = try rig.connector(pageSize: 700)
            // The request page and three pages of users, then the process stops.
            let before = try await SegmentRig.pullPages(first, limit: 4)
            try await firstTransport.shutdown()
            var seen = before.flatMap(\.items).compactMap(\.change?.recordKey)
            let cursor = try #require(before.last?.cursor)
            let stopped = try #require(try cursor.decode(SegmentCursor.self, expectedVersion: SegmentCursor.version))
            #expect(seen.count == 1_700)  // 700 + 300 of file 0, 700 of file 1
            #expect(stopped.export?.file == 1 && stopped.export?.line == 700)
            // The restarted process finds no spool file (another machine, a cleaned /tmp): it downloads the same
            // export again and goes on at file 1, line 700.
            for name in rig.spoolFiles { try FileManager.default.removeItem(atPath: rig.spool + "/" + name) }
            let (second, secondTransport) = try rig.connector(pageSize: 700)
            let after = try await SegmentRig.pullPages(second, from: cursor)
            try await secondTransport.shutdown()
            seen += after.flatMap(\.items).compactMap(\.change?.recordKey)
            #expect(after.map(\.items.count) == [300, 700, 300])
            #expect(seen.count == 3_000)
            #expect(Set(seen).count == 3_000)
            #expect(rig.sandbox.state.segmentExportCount == 1)
        }
    }

    @Test("a malformed export line is rejected with its file and line; the other users apply")
    func malformedLine() async throws {
        try await SegmentRig.with(profiles: 1_200, usersPerFile: 500, notReadyPolls: 0) { rig in
            let (connector, transport) = try rig.connector(pageSize: 1_000) { LineBreakingTransport(inner: $0) }
            let items = try await SegmentRig.pullPages(connector).flatMap(\.items)
            try await transport.shutdown()
            let rejected = items.compactMap(\.rejected)
            #expect(rejected.count == 1)
            #expect(rejected.first?.reason.hasSuffix("-0.txt line 3: not a JSON object") == true)
            #expect(rejected.first?.raw == #"{"external_id": "gen-broken", "email": "#)
            #expect(rejected.first?.stream == "segment")
            #expect(items.compactMap(\.change).count == 1_200)
        }
    }

    @Test("an export still unavailable after the client's retries fails the pull; the stored cursor polls it again")
    func notReadyOutlastsRetries() async throws {
        try await SegmentRig.with(profiles: 10, usersPerFile: 5_000, notReadyPolls: 4) { rig in
            let (connector, transport) = try rig.connector(pageSize: 100, attempts: 3)
            let first = try await connector.pull(stream: "segment", after: nil, context: PullContext(now: fixtureNow))
            #expect(first.items.isEmpty && first.hasMore)
            let error = await #expect(throws: ConnectorError.self) {
                try await connector.pull(stream: "segment", after: first.cursor, context: PullContext(now: fixtureNow))
            }
            #expect(error?.code == .transient)
            // The engine keeps the stored cursor; the next run polls the same URL, which is ready by then.
            let page = try await connector.pull(
                stream: "segment", after: first.cursor, context: PullContext(now: fixtureNow))
            try await transport.shutdown()
            #expect(page.items.count == 10 && !page.hasMore)
            #expect(rig.sandbox.state.segmentExportCount == 1)
        }
    }

    @Test("with a segment load configured, the first profiles sweep waits one interval after users are known")
    func sweepAfterSegmentLoadWaitsOneInterval() async throws {
        try await SegmentRig.with(profiles: 120, usersPerFile: 5_000, notReadyPolls: 0) { rig in
            let (connector, transport) = try rig.connector(pageSize: 500)
            let loaded = try await SegmentRig.pullPages(connector).flatMap(\.items).compactMap { item -> String? in
                if case let .change(change) = item { return change.recordKey } else { return nil }
            }.sorted()
            #expect(loaded.count == 120)
            let known: @Sendable (String?, Int) async throws -> [String] = { after, limit in
                Array(loaded.filter { $0 > (after ?? "") }.prefix(limit))
            }
            let deferred = try await connector.pull(
                stream: "profiles", after: nil, context: PullContext(now: fixtureNow, knownRecordKeys: known))
            #expect(deferred.items.isEmpty && !deferred.hasMore)
            let cursor = try #require(try deferred.cursor.decode(SweepCursor.self, expectedVersion: SweepCursor.version))
            #expect(cursor.completedAt == fixtureNow && cursor.pass == 0)
            // One interval (default 3,600 s) later the sweep reads the known users, 50 per request.
            var after: CursorToken? = deferred.cursor
            var swept = 0
            for _ in 0..<5 {
                let page = try await connector.pull(
                    stream: "profiles", after: after,
                    context: PullContext(now: fixtureNow + 3_600_000, knownRecordKeys: known))
                swept += page.items.count
                after = page.cursor
                if !page.hasMore { break }
            }
            try await transport.shutdown()
            #expect(swept == 120)
        }
    }

    @Test("an export whose URL still fails readyTimeoutSeconds after the request is replaced by a new export")
    func readyTimeoutRequestsAgain() async throws {
        try await SegmentRig.with(profiles: 10, usersPerFile: 5_000, notReadyPolls: 100) { rig in
            let (connector, transport) = try rig.connector(pageSize: 100, attempts: 2)
            let first = try await connector.pull(stream: "segment", after: nil, context: PullContext(now: fixtureNow))
            let firstExport = try #require(
                try first.cursor.decode(SegmentCursor.self, expectedVersion: SegmentCursor.version)?.export)
            let later = fixtureNow + 21_600_001
            let page = try await connector.pull(stream: "segment", after: first.cursor, context: PullContext(now: later))
            try await transport.shutdown()
            let export = try #require(
                try page.cursor.decode(SegmentCursor.self, expectedVersion: SegmentCursor.version)?.export)
            #expect(page.items.isEmpty && page.hasMore)
            #expect(export.objectPrefix != firstExport.objectPrefix)
            #expect(export.requestedAt == later && export.file == 0 && export.line == 0)
            #expect(rig.sandbox.state.segmentExportCount == 2)
        }
    }

    @Test("the sandbox answers the export request in Braze's shape and serves a ZIP of one JSON user per line")
    func sandboxShape() async throws {
        try await SegmentRig.with(profiles: 12, usersPerFile: 5, notReadyPolls: 2) { rig in
            let client = SandboxTestClient(baseURL: rig.url, token: "sandbox-api-key")
            let answer = try await client.post(
                "/users/export/segment", ["segment_id": "s-1", "fields_to_export": ["external_id", "email"]])
            #expect(answer.status == 201)
            #expect(answer.json?["message"]?.stringValue == "success")
            let prefix = try #require(answer.json?["object_prefix"]?.stringValue)
            let url = try #require(answer.json?["url"]?.stringValue.flatMap(URL.init(string:)))
            let download = SandboxTestClient(baseURL: rig.url)
            #expect(try await download.get(url.path).status == 404)
            #expect(try await download.get(url.path).status == 403)
            let ready = try await download.get(url.path)
            #expect(ready.status == 200)
            #expect(ready.headers["content-type"] == "application/zip")
            let archive = try Archive(data: ready.body, accessMode: .read)
            #expect(archive.map(\.path).sorted() == ["\(prefix)-0.txt", "\(prefix)-1.txt", "\(prefix)-2.txt"])
            #expect(archive.allSatisfy { $0.type == .file })
            var text = Data()
            _ = try archive.extract(try #require(archive["\(prefix)-2.txt"])) { text.append($0) }
            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 2)
            let user = try JSONValue.parse(Data(lines[0].utf8))
            #expect(Set(user.objectValue?.keys.map { $0 } ?? []) == ["external_id", "email"])
            let missing = try await client.post("/users/export/segment", ["segment_id": "s-1"])
            #expect(missing.status == 400)
            #expect(missing.json?["message"]?.stringValue == "fields_to_export is required")
        }
    }
}

/// Rewrites every segment export ZIP so that line 3 of its first file is a truncated JSON object (bad input the
/// sandbox itself never serves).
private struct LineBreakingTransport: HTTPTransport {
    let inner: any HTTPTransport

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        var response = try await inner.execute(request, timeout: timeout)
        guard request.url.path.hasPrefix("/_sandbox/exports/"), response.status == 200 else { return response }
        let source = try Archive(data: response.body, accessMode: .read)
        let target = try Archive(accessMode: .create)
        for entry in source.sorted(by: { $0.path < $1.path }) {
            var text = Data()
            _ = try source.extract(entry) { text.append($0) }
            if entry.path.hasSuffix("-0.txt") {
                var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
                lines.insert(Data(#"{"external_id": "gen-broken", "email": "#.utf8), at: 2)
                text = Data(lines.joined(separator: [0x0A]))
            }
            let bytes = text
            try target.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        response.body = target.data ?? Data()
        return response
    }
}
