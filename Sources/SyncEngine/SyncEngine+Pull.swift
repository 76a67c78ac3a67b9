import ConnectorKit
import SyncCore
import SyncStore

extension SyncEngine {
    /// Pulls one stream page by page from its stored cursor until the connector says it is caught up.
    ///
    /// Each page commits in one transaction with its cursor; an error stops the stream with the cursor after the
    /// last committed page, and is reported, not thrown (only a simulated crash, `EngineAbort`, is).
    public func pull(_ connector: any VendorConnector, stream: StreamDescriptor, runID: Int64?) async throws -> StreamReport {
        var report = StreamReport(vendor: connector.vendor, stream: stream.name)
        report.startedAt = environment.now()
        let vendor = connector.vendor
        do {
            var cursor = try await store.read { tx in
                try tx.cursor(vendor: vendor, stream: stream.name).map { CursorToken(version: $0.version, json: $0.json) }
            }
            if let stored = cursor, stored.version != stream.cursorVersion { cursor = nil }
            let context = PullContext(now: environment.now()) { [store] after, limit in
                try await store.read { tx in try tx.recordKeys(vendor: vendor, after: after, limit: limit) }
            }
            var prefetched: Task<(Page, UInt64), any Error>?
            defer { prefetched?.cancel() }
            for _ in 0..<configuration.maxPagesPerStream {
                try Task.checkCancellation()
                let page: Page
                let ticket: UInt64
                if let next = prefetched {
                    prefetched = nil
                    (page, ticket) = try await next.value
                } else {
                    try environment.step(.beforePull)
                    ticket = fetchLedger.begin()
                    page = try await connector.pull(stream: stream.name, after: cursor, context: context)
                }
                try environment.step(.afterPullBeforeCommit)
                if page.hasMore, configuration.prefetchPages {
                    // The next page is read while this one commits; its cursor is only stored with its own commit.
                    let after = page.cursor
                    let checkpoint = environment.checkpoint
                    let ledger = fetchLedger
                    prefetched = Task {
                        try EngineEnvironment.step(checkpoint, .beforePull)
                        let ticket = ledger.begin()
                        return (try await connector.pull(stream: stream.name, after: after, context: context), ticket)
                    }
                }
                let effect = try await commit(page, vendor: vendor, stream: stream.name, runID: runID, ticket: ticket)
                try environment.step(.afterPageCommit)
                report.pages += 1
                report.pulled += page.items.count
                report.applied += effect.applied
                report.deadLettered += effect.deadLettered
                report.diffs += effect.diffs
                report.consentChanges += effect.consentDiffs
                report.eventsStored += effect.eventsStored
                cursor = page.cursor
                if !page.hasMore { break }
            }
        } catch let abort as EngineAbort {
            throw abort
        } catch {
            report.error = "\(error)"
            logger.error("pull stopped", metadata: ["vendor": "\(vendor)", "stream": "\(stream.name)", "error": "\(error)"])
        }
        report.finishedAt = environment.now()
        return report
    }

    /// Applies a page and stores its cursor in one transaction; records a targeted fetch that started after the
    /// page's read (`ticket`) already applied are left out (they are older than what the hub has).
    func commit(_ page: Page, vendor: VendorName, stream: String, runID: Int64?, ticket: UInt64) async throws -> ChangeApplier.Effect {
        try await apply(page.items, vendor: vendor, stream: stream, runID: runID, ticket: ticket, cursor: page.cursor)
    }

    /// Applies pulled or fetched `items` in one transaction, with `cursor` when a stream page brings one (a targeted
    /// fetch moves none), and records their keys in the fetch ledger. Records that a read begun after `ticket`
    /// already committed are skipped: what the hub has is newer.
    func apply(
        _ items: [PulledItem], vendor: VendorName, stream: String, runID: Int64?, ticket: UInt64, cursor: CursorToken?
    ) async throws -> ChangeApplier.Effect {
        let applier = ChangeApplier(
            configuration: configuration, reconciler: Reconciler(policy: configuration.policy), runID: runID,
            now: environment.now()
        )
        let ledger = fetchLedger
        return try await store.write { tx in
            var total = ChangeApplier.Effect()
            var keys: [String] = []
            for item in items {
                if case let .change(change) = item, let key = change.recordKey {
                    if ledger.fetchedAfter(ticket, vendor: vendor, stream: stream, key: key) { continue }
                    keys.append(key)
                }
                let effect = try applier.apply(item, in: tx)
                total.applied += effect.applied
                total.deadLettered += effect.deadLettered
                total.diffs += effect.diffs
                total.consentDiffs += effect.consentDiffs
                total.eventsStored += effect.eventsStored
            }
            if let cursor {
                try tx.saveCursor(vendor: vendor, stream: stream, version: cursor.version, json: cursor.json, now: applier.now)
            }
            ledger.record(keys, vendor: vendor, stream: stream, ticket: ticket, nowMs: applier.now, always: cursor == nil)
            return total
        }
    }
}

