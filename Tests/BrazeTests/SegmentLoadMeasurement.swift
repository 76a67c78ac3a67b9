import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import BrazeConnector

/// Time and memory of a segment load by the connector alone (pages are counted, then dropped), against a sandbox
/// started separately, e.g. `vendorsync sandbox --contacts 100000 --braze-port 28182 --rate-limits off`:
/// `BRAZE_SEGMENT_MEASURE_URL=http://127.0.0.1:28182 swift test --disable-xctest --filter SegmentLoadMeasurement`.
/// Skipped without the variable.
@Suite("Braze segment load measurement")
struct SegmentLoadMeasurement {
    static let url = ProcessInfo.processInfo.environment["BRAZE_SEGMENT_MEASURE_URL"]

    @Test("a whole segment load: wall time, pages, peak RSS", .enabled(if: url != nil, "BRAZE_SEGMENT_MEASURE_URL not set"))
    func measure() async throws {
        let transport = AsyncHTTPClientTransport()
        var configuration = BrazeConnector.Configuration(restBaseURL: try #require(Self.url), apiKey: "sandbox-api-key")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("braze-measure-\(UUID().uuidString)")
        configuration.segmentExport = BrazeConnector.SegmentExport(
            segmentId: "all-users", pageSize: 1_000, spoolDirectory: spool.path)
        let connector = try BrazeConnector(configuration: configuration, transport: transport, logger: LogLines().logger())
        let start = ContinuousClock.now
        let before = Self.memory("VmHWM")
        var cursor: CursorToken?
        var pages = 0
        var users = 0
        var midLoad: [Int] = []
        for _ in 0..<10_000 {
            let page = try await connector.pull(stream: "segment", after: cursor, context: PullContext(now: fixtureNow))
            pages += 1
            users += page.items.count
            if pages % 25 == 0 { midLoad.append(Self.memory("VmRSS")) }
            cursor = page.cursor
            if !page.hasMore { break }
        }
        let elapsed = ContinuousClock.now - start
        try await transport.shutdown()
        try? FileManager.default.removeItem(at: spool)
        print(
            "segment load: \(users) users, \(pages) pages, \(elapsed), VmHWM before \(before) kB, after \(Self.memory("VmHWM")) kB, VmRSS every 25 pages \(midLoad) kB"
        )
        #expect(users > 0)
    }

    /// A field of `/proc/self/status` in kB (0 where there is none).
    static func memory(_ field: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
