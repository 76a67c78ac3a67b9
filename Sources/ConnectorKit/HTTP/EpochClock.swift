import Foundation

/// Wall-clock time in UTC epoch milliseconds plus a way to sleep; injected so tests never really sleep.
public struct EpochClock: Sendable {
    /// The current time, UTC epoch milliseconds.
    public var nowMs: @Sendable () -> Int64
    /// Sleeps for the given milliseconds. Throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (_ milliseconds: Int64) async throws -> Void

    public init(
        nowMs: @escaping @Sendable () -> Int64,
        sleep: @escaping @Sendable (_ milliseconds: Int64) async throws -> Void
    ) {
        self.nowMs = nowMs
        self.sleep = sleep
    }

    /// The system clock (`Date()`) and `Task.sleep`.
    public static let system = EpochClock(
        nowMs: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        sleep: { milliseconds in
            if milliseconds > 0 { try await Task.sleep(for: .milliseconds(milliseconds)) }
        }
    )
}
