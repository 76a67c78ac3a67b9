import ConnectorKit
import Foundation

/// A clock whose `sleep` returns at once and advances the time; records every sleep (ms).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    private var recorded: [Int64] = []

    init(startMs: Int64 = 1_700_000_000_000) { now = startMs }

    var nowMs: Int64 { lock.withLock { now } }
    var sleeps: [Int64] { lock.withLock { recorded } }

    func advance(_ ms: Int64) { lock.withLock { now += ms } }

    var epochClock: EpochClock {
        EpochClock(
            nowMs: { self.nowMs },
            sleep: { ms in
                try Task.checkCancellation()
                self.lock.withLock {
                    self.recorded.append(ms)
                    self.now += ms
                }
            }
        )
    }
}
