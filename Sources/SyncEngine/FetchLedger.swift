import Foundation
import SyncCore
import Synchronization

/// Keeps an older read of a record from overwriting a newer one when a targeted fetch and a stream page overlap.
///
/// Every vendor read (a page of a stream, or a `RecordFetching.fetch`) takes a ticket from one counter before it
/// starts. A commit leaves out the records that a read with a later ticket has already committed (they would be
/// older than what the hub has), and records its own keys with its ticket: a fetch always, a page only while a
/// fetch is in flight (so a listing of a million records does not fill memory). The check and the record run
/// inside the store's serialized write transactions, so they are ordered. In memory only: after a restart no read
/// is in flight. Entries older than `retentionMs` are pruned.
final class FetchLedger: Sendable {
    private struct State {
        var ticket: UInt64 = 0
        /// Fetches between `beginFetch` and `endFetch`.
        var fetching = 0
        /// (vendor, stream, key) → the ticket of the latest committed fetch, and when it was recorded (UTC ms).
        var fetched: [String: (ticket: UInt64, atMs: Int64)] = [:]
    }

    private let state = Mutex(State())
    /// How long a fetched key is remembered: longer than any page read may take (timeouts and retries included).
    let retentionMs: Int64 = 3_600_000

    /// A ticket for a read that starts now.
    func begin() -> UInt64 {
        state.withLock { state in
            state.ticket += 1
            return state.ticket
        }
    }

    /// A ticket for a fetch that starts now; pair with `endFetch()`.
    func beginFetch() -> UInt64 {
        state.withLock { state in
            state.ticket += 1
            state.fetching += 1
            return state.ticket
        }
    }

    /// A fetch begun with `beginFetch()` ended (committed or failed).
    func endFetch() {
        state.withLock { $0.fetching = max(0, $0.fetching - 1) }
    }

    /// Records that a read with `ticket` committed `keys`; a page's keys (`always: false`) only while a fetch is in
    /// flight.
    func record(_ keys: [String], vendor: VendorName, stream: String, ticket: UInt64, nowMs: Int64, always: Bool) {
        state.withLock { state in
            guard always || state.fetching > 0 else { return }
            for key in keys {
                let id = Self.id(vendor, stream, key)
                if (state.fetched[id]?.ticket ?? 0) < ticket { state.fetched[id] = (ticket, nowMs) }
            }
            if state.fetched.count > 1024 { state.fetched = state.fetched.filter { nowMs - $0.value.atMs < retentionMs } }
        }
    }

    /// Whether a read that started after the read with `ticket` already committed `key`.
    func fetchedAfter(_ ticket: UInt64, vendor: VendorName, stream: String, key: String) -> Bool {
        state.withLock { ($0.fetched[Self.id(vendor, stream, key)]?.ticket ?? 0) > ticket }
    }

    private static func id(_ vendor: VendorName, _ stream: String, _ key: String) -> String {
        "\(vendor.rawValue)\u{1F}\(stream)\u{1F}\(key)"
    }
}
