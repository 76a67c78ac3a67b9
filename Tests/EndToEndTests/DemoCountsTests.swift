import Foundation
import Testing

/// What the demo prints about the hub agrees with `vendorsync status` on the same database.
@Suite struct DemoCountsTests {
    @Test func theDemoAndStatusReportTheSameSendEventCount() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let demo = try await CLIProcess.run(["reconcile", "--sandbox", "--seed", WalkingSkeletonTests.demo.path, "--db", database])
        #expect(demo.status == 0, "\(demo.stderr)")
        let status = try await CLIProcess.run(["status", "--db", database])
        #expect(status.status == 0, "\(status.stderr)")

        func number(after label: String, in text: String) -> Int? {
            guard let range = text.range(of: label + #"\s*\d+"#, options: .regularExpression) else { return nil }
            return Int(text[range].dropFirst(label.count).trimmingCharacters(in: .whitespaces))
        }
        let runs = status.stdout.split(separator: "\n").filter { $0.hasPrefix("run ") }
        let lastRun = try #require(runs.first.flatMap { number(after: "run", in: String($0)) }, "\(status.stdout)")
        let stored = try #require(number(after: "send events:", in: status.stdout))
        let persons = try #require(number(after: "persons:", in: status.stdout))
        let totals = try #require(demo.stdout.split(separator: "\n").last { $0.hasPrefix("hub after run ") }, "\(demo.stdout)")
        #expect(totals.hasPrefix("hub after run \(lastRun): persons \(persons)   send events \(stored)   "), "\(totals)")
    }
}
