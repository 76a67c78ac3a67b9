/// The rolling-window state of one `RateLimit`: a log of recent requests, coalesced into slots of 1/1000 of the
/// window so that memory stays bounded (≈ 1,000 entries) for limits like 250,000 per hour.
///
/// Coalescing is conservative: a slot expires when its *last* request leaves the window.
struct RateLimitWindow: Sendable, Hashable {
    private struct Entry: Sendable, Hashable {
        var firstExpiresAtMs: Int64
        var expiresAtMs: Int64
        var count: Int
    }

    let limit: Int
    let windowMs: Int64
    /// Requests kept for priority requests (see `RateLimit.reserve`).
    let reserve: Int
    private let slotMs: Int64
    private var entries: [Entry] = []
    private(set) var used = 0
    private(set) var blockedUntilMs: Int64 = 0

    init(limit: Int, windowMs: Int64, reserve: Int = 0) {
        self.limit = limit
        self.windowMs = windowMs
        self.reserve = reserve
        self.slotMs = max(1, windowMs / 1000)
    }

    /// Ms to wait before one more request fits (0: it fits now); a `priority` request may use the reserve.
    mutating func waitMs(nowMs: Int64, priority: Bool = false) -> Int64 {
        expire(nowMs: nowMs)
        var wait = max(0, blockedUntilMs - nowMs)
        let excess = used + 1 - (priority ? limit : limit - reserve)
        if excess > 0 {
            var freed = 0
            for entry in entries {
                freed += entry.count
                if freed >= excess {
                    wait = max(wait, entry.expiresAtMs - nowMs)
                    break
                }
            }
        }
        return wait
    }

    /// Counts one request sent at `nowMs`.
    mutating func record(nowMs: Int64) {
        let expiresAt = nowMs + windowMs
        used += 1
        if var last = entries.last, expiresAt - last.firstExpiresAtMs < slotMs, expiresAt >= last.expiresAtMs {
            last.expiresAtMs = expiresAt
            last.count += 1
            entries[entries.count - 1] = last
        } else {
            insert(Entry(firstExpiresAtMs: expiresAt, expiresAtMs: expiresAt, count: 1))
        }
    }

    /// Adopts the vendor's view: `remaining` of `vendorLimit` left until `resetAtMs` (else a full window).
    mutating func adopt(remaining: Int, vendorLimit: Int?, resetAtMs: Int64?, nowMs: Int64) {
        expire(nowMs: nowMs)
        let vendorUsed = (vendorLimit ?? limit) - max(0, remaining)
        let missing = min(vendorUsed, limit) - used
        if remaining <= 0, let resetAtMs, resetAtMs > nowMs { block(untilMs: resetAtMs) }
        guard missing > 0 else { return }
        let expiresAt = resetAtMs.map { $0 > nowMs ? $0 : nowMs + windowMs } ?? nowMs + windowMs
        used += missing
        insert(Entry(firstExpiresAtMs: expiresAt, expiresAtMs: expiresAt, count: missing))
    }

    /// Allows no request before `untilMs` (UTC epoch ms).
    mutating func block(untilMs: Int64) {
        blockedUntilMs = max(blockedUntilMs, untilMs)
    }

    private mutating func expire(nowMs: Int64) {
        var drop = 0
        while drop < entries.count, entries[drop].expiresAtMs <= nowMs {
            used -= entries[drop].count
            drop += 1
        }
        if drop > 0 { entries.removeFirst(drop) }
    }

    private mutating func insert(_ entry: Entry) {
        let index = entries.lastIndex { $0.expiresAtMs <= entry.expiresAtMs }.map { $0 + 1 } ?? 0
        entries.insert(entry, at: index)
    }
}
