import Foundation

/// The sandbox's notion of "now": the system clock, or a manual clock that tests set and advance.
///
/// Every timestamp a sandbox writes (`lastmodifieddate`, unsubscribe times, rate-limit windows) comes from here.
public final class SandboxClock: Sendable {
    private let manual: LockedBox<Date?>

    private init(manual: Date?) {
        self.manual = LockedBox(manual)
    }

    /// The wall clock.
    public static func system() -> SandboxClock { SandboxClock(manual: nil) }

    /// A clock frozen at `date` until `set(_:)` or `advance(by:)` moves it.
    public static func manual(at date: Date) -> SandboxClock { SandboxClock(manual: date) }

    /// The current instant.
    public func now() -> Date {
        manual.withLock { $0 } ?? Date()
    }

    /// The current instant in epoch milliseconds (UTC).
    public func nowMilliseconds() -> Int64 {
        Int64((now().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Freezes the clock at `date` (a system clock becomes manual).
    public func set(_ date: Date) {
        manual.withLock { $0 = date }
    }

    /// Moves a manual clock forward by `seconds`; a system clock becomes manual at now + `seconds`.
    public func advance(by seconds: TimeInterval) {
        manual.withLock { current in current = (current ?? Date()).addingTimeInterval(seconds) }
    }
}
