import Testing
@testable import VendorSyncDaemon

@Suite struct PullTriggerTests {
    @Test func aFireBeforeWaitingIsRemembered() async throws {
        let trigger = PullTrigger()
        trigger.fire()
        #expect(try await trigger.wait(timeout: .seconds(10)))
    }

    @Test func waitingTimesOutWithoutAFire() async throws {
        #expect(try await PullTrigger().wait(timeout: .milliseconds(50)) == false)
    }

    @Test func aFireWakesAWaiter() async throws {
        let trigger = PullTrigger()
        async let fired = trigger.wait(timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(50))
        trigger.fire()
        #expect(try await fired)
    }
}
