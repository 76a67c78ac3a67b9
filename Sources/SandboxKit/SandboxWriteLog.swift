/// Append-only, thread-safe log of every write a sandbox applied; served at `GET /_sandbox/writes`.
///
/// Tests use it to prove that no event was delivered twice and no write was applied twice with different effects.
public final class SandboxWriteLog: Sendable {
    private let entries = LockedBox([SandboxWrite]())

    /// An empty log.
    public init() {}

    /// Appends `write`, assigning the next `seq`; returns the stored entry.
    @discardableResult
    public func append(_ write: SandboxWrite) -> SandboxWrite {
        entries.withLock { list in
            var stored = write
            stored.seq = list.count + 1
            list.append(stored)
            return stored
        }
    }

    /// Every entry so far, in order.
    public func all() -> [SandboxWrite] { entries.withLock { $0 } }

    /// Number of entries.
    public var count: Int { entries.withLock { $0.count } }

    /// Idempotency keys that appear on more than one entry, with their counts.
    public func repeatedIdempotencyKeys() -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in all() {
            if let key = entry.idempotencyKey { counts[key, default: 0] += 1 }
        }
        return counts.filter { $0.value > 1 }
    }

    /// `{"writes": [...], "count": n}`.
    public func snapshot() -> JSONValue {
        let list = all()
        return ["count": .int(Int64(list.count)), "writes": .array(list.map(\.json))]
    }
}
