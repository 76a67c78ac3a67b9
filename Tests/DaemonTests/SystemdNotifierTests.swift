import Foundation
import Testing
@testable import VendorSyncDaemon

@Suite struct SystemdNotifierTests {
    @Test func sendsToAPathSocket() throws {
        let socket = try NotifySocket.temporary()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        #expect(notifier.send("STATUS=hello"))
        #expect(socket.receive() == "STATUS=hello")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let socket = try NotifySocket(path: "@vs-notify-\(UUID().uuidString.prefix(8))")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        #expect(notifier.send("READY=1"))
        #expect(socket.receive() == "READY=1")
    }

    @Test func withoutASocketSendingIsANoOp() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(notifier.send("READY=1") == false)
        #expect(notifier.watchdogInterval == nil)
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000"]).watchdogInterval == .seconds(5))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1"]).watchdogInterval == nil)
    }

    @Test func theDaemonSaysReadyThenWatchdogThenStopping() async throws {
        let socket = try NotifySocket.temporary()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "200000"])
        let harness = try DaemonHarness(notifier: notifier)
        let received = Mutex<[String]>([])
        try await harness.run { _ in
            let messages = socket.collect(until: .now + .seconds(5)) { list in
                list.contains { $0.contains("WATCHDOG=1") }
            }
            received.withLock { $0 += messages }
        }
        received.withLock { $0 += socket.collect(until: .now + .seconds(2)) { list in list.contains { $0.contains("STOPPING=1") } } }
        let messages = received.withLock { $0 }
        let ready = messages.firstIndex { $0.contains("READY=1") }
        let watchdog = messages.firstIndex { $0.contains("WATCHDOG=1") }
        let stopping = messages.firstIndex { $0.contains("STOPPING=1") }
        #expect(ready != nil && watchdog != nil && stopping != nil, "got \(messages)")
        if let ready, let watchdog, let stopping {
            #expect(ready < watchdog && watchdog < stopping, "got \(messages)")
        }
        #expect(messages.first?.contains("STATUS=") == true)
    }
}

import Synchronization
