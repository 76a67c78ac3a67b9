import ConnectorKit
import SyncCore

/// What the listener reports about the daemon: which (vendor, stream) passes last succeeded and which vendors are
/// in a fatal state (an error an operator has to fix, such as refused credentials).
public final class DaemonHealth: Sendable {
    /// The state of one vendor.
    public struct VendorState: Sendable, Equatable {
        /// The last pass error that needs an operator, or `nil`.
        public var fatal: String?
        /// When each stream last passed without error (UTC ms).
        public var lastSuccess: [String: UTCMillis] = [:]
    }

    private let state = Locked([VendorName: VendorState]())

    /// An empty record.
    public init() {}

    /// Records a successful pass of `stream` at `now` (UTC ms); clears a fatal state.
    public func succeeded(_ vendor: VendorName, stream: String, at now: UTCMillis) {
        state.withLock { states in
            states[vendor, default: VendorState()].lastSuccess[stream] = now
            states[vendor, default: VendorState()].fatal = nil
        }
    }

    /// Marks `vendor` fatal with a reason that is safe to show (no secret).
    public func failed(_ vendor: VendorName, fatal reason: String) {
        state.withLock { $0[vendor, default: VendorState()].fatal = reason }
    }

    /// A copy of every vendor's state.
    public var snapshot: [VendorName: VendorState] { state.withLock { $0 } }

    /// A one-line summary for systemd's `STATUS=`, e.g. `2 vendors, 0 fatal, outbox 12`.
    public func summary(outboxDepth: Int?) -> String {
        let states = snapshot
        let fatal = states.values.filter { $0.fatal != nil }.count
        return "\(states.count) vendors polled, \(fatal) fatal, outbox \(outboxDepth.map(String.init) ?? "?")"
    }
}
