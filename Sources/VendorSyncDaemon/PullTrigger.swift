import ConnectorKit
/// Wakes one poller before its interval is up (e.g. a webhook said a contact changed).
///
/// Firing while nobody waits is remembered once: the next `wait` returns at once. Many fires coalesce into one pass.
public final class PullTrigger: Sendable {
    private struct State: Sendable {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Locked(State())

    /// A trigger with nothing pending.
    public init() {}

    /// Asks the poller to pass now (or right after its current pass).
    public func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until fired or `timeout` elapsed, whichever is first.
    /// - Returns: `true` when fired.
    /// - Throws: `CancellationError` when the task is cancelled.
    @discardableResult
    public func wait(timeout: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            group.addTask {
                await self.next()
                return true
            }
            let fired = try await group.next() ?? false
            group.cancelAll()
            try Task.checkCancellation()
            return fired
        }
    }

    private func next() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
