import ConnectorKit

/// A bounded queue of pages read ahead of their commit, for one stream of one pass.
///
/// A reader task puts pages in order (each with its fetch-ledger ticket) and waits while `capacity` records are
/// waiting (a page is always let in when none waits); the committer takes every waiting page at once, so a stream whose commits wait for the store's single
/// writer commits several small pages in one transaction instead of falling behind the streams with large pages.
/// A read failure is handed to the committer after the pages read before it. Nothing here touches the store: a
/// page's cursor is only stored with its commit.
actor PagePipeline {
    /// A page and the fetch-ledger ticket taken before it was read.
    struct Fetched: Sendable {
        let page: Page
        let ticket: UInt64
    }

    private let capacity: Int
    private var waiting: [Fetched] = []
    private var waitingRecords = 0
    private var failure: (any Error)?
    private var finished = false
    private var closed = false
    private var committer: CheckedContinuation<Void, Never>?
    private var reader: CheckedContinuation<Void, Never>?

    /// A pipeline holding at most `capacity` records read ahead (and always at least one page).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds a page; waits while the pipeline is full. Returns `false` once the committer has gone (stop reading).
    func put(_ fetched: Fetched) async -> Bool {
        while !waiting.isEmpty, waitingRecords + fetched.page.items.count > capacity, !closed {
            await withCheckedContinuation { reader = $0 }
        }
        guard !closed else { return false }
        waiting.append(fetched)
        waitingRecords += fetched.page.items.count
        wakeCommitter()
        return true
    }

    /// The reader stopped with `error`; the committer gets it after the pages already waiting.
    func fail(_ error: any Error) {
        failure = error
        wakeCommitter()
    }

    /// The reader read the stream's last page of this pass.
    func finish() {
        finished = true
        wakeCommitter()
    }

    /// The waiting pages, oldest first, at most `limit` of them; waits for at least one. An empty answer means the
    /// stream is done.
    /// - Throws: the reader's error, once the pages read before it were taken; `CancellationError` once closed.
    func take(upTo limit: Int) async throws -> [Fetched] {
        while waiting.isEmpty, failure == nil, !finished, !closed {
            await withCheckedContinuation { committer = $0 }
        }
        if !waiting.isEmpty, !closed {
            let taken = Array(waiting.prefix(max(1, limit)))
            waiting.removeFirst(taken.count)
            waitingRecords -= taken.reduce(0) { $0 + $1.page.items.count }
            reader?.resume()
            reader = nil
            return taken
        }
        if closed { throw CancellationError() }
        if let failure { throw failure }
        return []
    }

    /// The committer stopped (or was cancelled): a waiting reader returns and reads no more, a waiting committer
    /// gets `CancellationError`.
    func close() {
        closed = true
        reader?.resume()
        reader = nil
        wakeCommitter()
    }

    private func wakeCommitter() {
        committer?.resume()
        committer = nil
    }
}
