import Foundation
import SyncStore
import Testing
import VendorSyncApp

/// The fault-free demo pushes every planned write on its first attempt.
@Suite struct DemoOutboxTests {
    @Test func theFaultFreeDemoRetriesNoPush() async throws {
        let skeleton = WalkingSkeletonTests()
        let setup = try await skeleton.start()
        let result = try await skeleton.reconcile(setup)
        await setup.host.stop()
        #expect(result.report.succeeded)
        for push in result.report.pushes {
            #expect(push.retried == 0, "\(push.vendor): \(push.retried) retried")
            #expect(push.pending == 0, "\(push.vendor): \(push.pending) pending")
        }
    }
}
