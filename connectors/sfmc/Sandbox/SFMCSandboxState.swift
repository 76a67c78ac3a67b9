import Foundation
import SandboxKit

/// The in-memory business unit behind an `SFMCSandbox`: subscribers, list memberships, tracking events, Data
/// Extension rows and issued tokens.
///
/// Build one with `SFMCSandbox.loadSeed(from:)`, `SFMCSandbox.generated(subscribers:randomSeed:)` or `init()`.
/// Thread-safe; tests may read it while the sandbox serves requests.
public final class SFMCSandboxState: Sendable {
    /// The clock every write and token expiry uses; tests may set or advance it.
    public let clock: SandboxClock
    /// Every write the sandbox applied.
    public let writeLog: SandboxWriteLog
    let data: LockedBox<SFMCSandboxData>

    /// An empty business unit.
    public convenience init(clock: SandboxClock = .system(), randomSeed: UInt64 = 1) {
        self.init(data: SFMCSandboxData(seed: randomSeed), clock: clock)
    }

    init(data: SFMCSandboxData, clock: SandboxClock) {
        self.clock = clock
        self.writeLog = SandboxWriteLog()
        self.data = LockedBox(data)
    }

    /// Number of subscribers (any status).
    public var subscriberCount: Int { data.withLock { $0.subscribers.count } }

    /// The `Status` of the subscriber with `subscriberKey` (`Active`, `Unsubscribed`, `Held`, `Bounced`,
    /// `Deleted`), or `nil` when there is none.
    public func status(subscriberKey: String) -> String? {
        data.withLock { $0.subscribers[subscriberKey]?.status }
    }

    /// The `EmailAddress` of the subscriber with `subscriberKey`.
    public func emailAddress(subscriberKey: String) -> String? {
        data.withLock { $0.subscribers[subscriberKey]?.emailAddress }
    }

    /// A profile attribute (by display name, e.g. `First Name`) of the subscriber with `subscriberKey`.
    public func attribute(_ name: String, subscriberKey: String) -> String? {
        data.withLock { $0.subscribers[subscriberKey]?.attributes[name] }
    }

    /// Subscriber keys holding `email` (case-insensitive), sorted.
    public func subscriberKeys(email: String) -> [String] {
        data.withLock { $0.subscribers(email: email).map(\.subscriberKey) }
    }

    /// The `ListSubscriber` status of `subscriberKey` on list `listID`, or `nil` when not a member.
    public func listStatus(listID: Int, subscriberKey: String) -> String? {
        data.withLock { $0.lists[listID]?[subscriberKey]?.status }
    }

    /// Tracking events of `objectType` (e.g. `UnsubEvent`) for `subscriberKey`.
    public func eventCount(objectType: String, subscriberKey: String) -> Int {
        data.withLock { $0.events.filter { $0.objectType == objectType && $0.subscriberKey == subscriberKey }.count }
    }

    /// Rows of the Data Extension `key` (values by column, keys merged in).
    public func dataExtensionRows(key: String) -> [[String: String]] {
        data.withLock { Array(($0.dataExtensionRows[key] ?? [:]).values) }
    }

    /// Access tokens issued so far.
    public var issuedTokenCount: Int { data.withLock { $0.tokens.count } }

    /// Adds or replaces a subscriber (tests and seeds); `listIDs` memberships are created `Active`.
    public func putSubscriber(key: String, email: String, status: String = "Active", createdMs: Int64,
                              modifiedMs: Int64? = nil, attributes: [String: String] = [:], listIDs: [Int] = []) {
        data.withLock { data in
            let id = data.subscribers[key]?.id ?? data.newID()
            data.subscribers[key] = SFMCSubscriberRecord(
                id: id, subscriberKey: key, emailAddress: email, status: status, createdMs: createdMs,
                modifiedMs: modifiedMs ?? createdMs, unsubscribedMs: status == "Unsubscribed" ? (modifiedMs ?? createdMs) : nil,
                attributes: attributes)
            for list in listIDs {
                data.lists[list, default: [:]][key] = SFMCListMembership(
                    listID: list, subscriberKey: key, status: "Active", createdMs: createdMs, modifiedMs: createdMs)
            }
        }
    }
}
