import Foundation
import SyncStore
import Testing

/// Every entry of the demo's diff trail carries a real date, also for addresses first seen on a Braze list, which
/// give no time for the address itself.
@Suite struct DemoDiffDatesTests {
    @Test func addressesFirstSeenOnABrazeListAreDatedWhenPulled() async throws {
        let skeleton = WalkingSkeletonTests()
        let setup = try await skeleton.start()
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let result = try await skeleton.reconcile(setup)
        await setup.host.stop()
        #expect(result.report.succeeded)

        // Braze's hard-bounce list is the first to name this address (the segment export follows in the same pass).
        let shown = try await CLIProcess.run(["diffs", "--email", "brazeonly34@example.com", "--db", setup.database])
        #expect(shown.status == 0, "\(shown.stderr)")
        let line = try #require(
            shown.stdout.split(separator: "\n").first { $0.contains("attribute:email: none -> brazeonly34@example.com from braze") },
            "\(shown.stdout)")
        #expect(line.contains("from braze (pulled at 20") && line.hasSuffix(": first value (no vendor time)"), "\(line)")
        #expect(!shown.stdout.contains("1970-"), "\(shown.stdout)")

        let runID = try #require(result.report.runID)
        let store = try SyncStore(path: setup.database)
        let diffs = try await store.read { tx in try tx.diffs(runID: runID, subjectPrefix: "", limit: 1_000_000) }
        #expect(!diffs.isEmpty)
        let tenYears: Int64 = 10 * 365 * 86_400_000
        let undated = diffs.filter { $0.diff.at < before - tenYears }.map { "\($0.diff.subject) from \($0.diff.source)" }
        #expect(undated.isEmpty, "\(undated)")
    }
}
