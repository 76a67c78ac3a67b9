import SyncCore

/// Collects the outcome of each mutation of a push batch while its requests are made.
///
/// A mutation is `.applied` unless some request failed for it; a rejection outranks a retry (it will not succeed
/// by repeating), and the first reason of each kind is kept.
struct PushOutcomeBoard: Sendable {
    private var failures: [Int: PushOutcome] = [:]
    /// The Braze `external_id` each mutation was written to.
    private(set) var keys: [Int: String] = [:]

    /// Records the `external_id` mutation `index` is written to.
    mutating func target(_ index: Int, _ key: String) { keys[index] = key }

    /// Marks mutation `index` as refused for good.
    mutating func reject(_ index: Int, _ reason: String) {
        if case .rejected = failures[index] { return }
        failures[index] = .rejected(reason: reason)
    }

    /// Marks mutation `index` for a later retry (unless already rejected).
    mutating func retry(_ index: Int, _ reason: String, afterMs: Int64? = nil) {
        guard failures[index] == nil else { return }
        failures[index] = .retry(reason: reason, afterMs: afterMs)
    }

    /// Marks mutation `index` as not written: its record to create already exists as `key`, held as `current`.
    mutating func exists(_ index: Int, _ key: String, _ current: RemoteChange) {
        keys[index] = key
        failures[index] = .exists(recordKey: key, current: current)
    }

    /// Whether mutation `index` already failed (or needs no write).
    func hasFailed(_ index: Int) -> Bool { failures[index] != nil }

    /// One outcome per mutation, in order.
    func outcomes(count: Int) -> [PushOutcome] {
        (0..<count).map { failures[$0] ?? .applied(recordKey: keys[$0]) }
    }
}
