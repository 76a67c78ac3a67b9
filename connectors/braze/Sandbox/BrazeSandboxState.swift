import Foundation
import SandboxKit

/// The in-memory workspace behind a `BrazeSandbox`: profiles, events, address-level consent and suppression lists.
///
/// Build one with `BrazeSandbox.loadSeed(from:)`, `BrazeSandbox.generated(profiles:randomSeed:)` or `init()`.
/// Thread-safe; tests may read it while the sandbox serves requests.
public final class BrazeSandboxState: Sendable {
    /// The clock every write is stamped with; tests may set or advance it.
    public let clock: SandboxClock
    /// Every write the sandbox applied.
    public let writeLog: SandboxWriteLog
    let data: LockedBox<BrazeSandboxData>

    /// An empty workspace.
    public convenience init(clock: SandboxClock = .system(), randomSeed: UInt64 = 1) {
        self.init(data: BrazeSandboxData(seed: randomSeed), clock: clock)
    }

    init(data: BrazeSandboxData, clock: SandboxClock) {
        self.clock = clock
        self.writeLog = SandboxWriteLog()
        self.data = LockedBox(data)
    }

    /// How segment exports requested from now on behave: "not ready" download polls and users per file.
    public var segmentExportTiming: BrazeSegmentExportTiming {
        get { data.withLock { $0.exportTiming } }
        set { data.withLock { $0.exportTiming = newValue } }
    }

    /// Segment exports requested so far.
    public var segmentExportCount: Int { data.withLock { $0.exports.count } }

    /// Number of profiles.
    public var profileCount: Int { data.withLock { $0.store.profiles.count } }

    /// The profile with `externalId` as `/users/export/ids` would return it (all fields), or `nil`.
    public func profile(externalId: String) -> JSONValue? {
        data.withLock { data in
            guard let profile = data.store.profile(externalId: externalId) else { return nil }
            return profile.exportJSON(
                fields: nil, events: data.store.events[profile.brazeId] ?? [],
                purchases: data.store.purchases[profile.brazeId] ?? [])
        }
    }

    /// `external_id`s (or `braze_id`s for anonymous profiles) of every profile holding `email`.
    public func profileIds(email: String) -> [String] {
        data.withLock { $0.store.profiles(email: email).map { $0.externalId ?? $0.brazeId }.sorted() }
    }

    /// Custom events recorded for the profile with `externalId`, in arrival order.
    public func events(externalId: String) -> [JSONValue] {
        data.withLock { data in
            guard let id = data.store.profile(externalId: externalId)?.brazeId else { return [] }
            return (data.store.events[id] ?? []).map(Self.stripInternal)
        }
    }

    /// Unsubscribe time of `email` in the unsubscribe list, epoch ms.
    public func unsubscribedAt(email: String) -> Int64? {
        data.withLock { $0.addresses.unsubscribes[email.lowercased()] }
    }

    static func stripInternal(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object["_time_ms"] = nil
        return .object(object)
    }
}
