import Testing
@testable import VendorSyncDaemon

@Suite struct PollScheduleTests {
    @Test(arguments: [(0.0, 90), (0.5, 100), (1.0, 110)])
    func jitterSpreadsAroundTheInterval(random: Double, expectedSeconds: Int) {
        let schedule = PollSchedule(interval: .seconds(100), jitter: 0.1)
        #expect(schedule.delay(random: random) == .seconds(expectedSeconds))
    }

    @Test func configurationPicksStreamThenVendorThenDefault() {
        let configuration = DaemonConfiguration(
            defaultInterval: .seconds(300), vendorIntervals: ["hubspot": .seconds(120)],
            streamIntervals: ["hubspot": ["contacts": .seconds(30)]]
        )
        #expect(configuration.schedule(vendor: "hubspot", stream: "contacts").interval == .seconds(30))
        #expect(configuration.schedule(vendor: "hubspot", stream: "archived").interval == .seconds(120))
        #expect(configuration.schedule(vendor: "braze", stream: "profiles").interval == .seconds(300))
    }
}
