import Foundation
import SandboxKit

/// The in-memory portal behind a `HubSpotSandbox`: contacts, subscription statuses, email events, tokens.
///
/// Build one with `HubSpotSandbox.loadSeed(from:)`, `HubSpotSandbox.generated(contacts:randomSeed:)`, or `init()`
/// for an empty portal. Thread-safe; tests may read it while the sandbox serves requests.
public final class HubSpotSandboxState: Sendable {
    /// The clock every write is stamped with; tests may set or advance it.
    public let clock: SandboxClock
    /// Every write the sandbox applied.
    public let writeLog: SandboxWriteLog
    let data: LockedBox<HubSpotSandboxData>

    /// An empty portal with the default subscription types 1001 and 1002.
    public convenience init(clock: SandboxClock = .system()) {
        self.init(data: HubSpotSandboxData(definitions: HubSpotSubscriptionDefinition.defaults), clock: clock)
    }

    init(data: HubSpotSandboxData, clock: SandboxClock) {
        self.clock = clock
        self.writeLog = SandboxWriteLog()
        self.data = LockedBox(data)
    }

    /// How long a write stays invisible to search (HubSpot's index lag), seconds; default 0.
    public var searchIndexLag: TimeInterval {
        get { Double(data.withLock { $0.searchIndexLagMs }) / 1000 }
        set { data.withLock { $0.searchIndexLagMs = Int64(newValue * 1000) } }
    }

    /// Number of live (not archived) contacts.
    public var contactCount: Int {
        data.withLock { $0.contacts.records.values.filter { !$0.isArchived }.count }
    }

    /// The contact as `GET /crm/v3/objects/contacts/{id}` would return it with every stored property, following
    /// merges; `nil` when unknown or archived.
    public func contact(id: String) -> JSONValue? {
        data.withLock { data in
            guard let numeric = Int64(id), let record = data.contacts.live(numeric) else { return nil }
            return record.json(properties: Array(record.other.keys) + ["hs_merged_object_ids"])
        }
    }

    /// The id of the live contact holding `email` (case-insensitive).
    public func contactId(forEmail email: String) -> String? {
        data.withLock { $0.contacts.id(forEmail: email).map(String.init) }
    }

    /// Subscription states recorded for `email`: subscription id → `SUBSCRIBED` / `UNSUBSCRIBED` / `NOT_SPECIFIED`,
    /// plus key `portalWide` = `UNSUBSCRIBED` when the address opted out of all email.
    public func subscriptionStates(email: String) -> [String: String] {
        data.withLock { data in
            let consent = data.consent.consent(for: email)
            var states = Dictionary(
                uniqueKeysWithValues: consent.statuses.map { (String($0.key), $0.value.state.rawValue) })
            if consent.portalWideOptOutAtMs != nil { states["portalWide"] = "UNSUBSCRIBED" }
            return states
        }
    }

    /// Custom events received on `POST /events/v3/send`, in arrival order.
    public var customEvents: [JSONValue] { data.withLock { $0.customEvents } }

    /// Adds v1 email events (objects as `GET /email/public/v1/events` returns them).
    public func addEmailEvents(_ events: [JSONValue]) {
        data.withLock { data in
            data.emailEvents.append(contentsOf: events)
            data.emailEvents.sort { left, right in
                let (a, b) = (left["created"]?.intValue ?? 0, right["created"]?.intValue ?? 0)
                return a != b ? a < b : (left["id"]?.stringValue ?? "") < (right["id"]?.stringValue ?? "")
            }
        }
    }
}
