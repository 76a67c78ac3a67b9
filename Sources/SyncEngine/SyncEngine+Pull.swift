import ConnectorKit
import SyncCore
import SyncStore

extension SyncEngine {
    /// Pulls one stream page by page from its stored cursor until the connector says it is caught up.
    ///
    /// Each page commits in one transaction with its cursor (with `prefetchPages`, the pages read while the previous
    /// commit ran commit together, with the last one's cursor); an error stops the stream with the cursor after the
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
            let reading = configuration.prefetchPages
                ? startReading(connector, stream: stream.name, after: cursor, context: context) : nil
            defer {
                if let reading {
                    reading.reader.cancel()
                    Task { await reading.pipeline.close() }
                }
            }
            while report.pages < configuration.maxPagesPerStream {
                try Task.checkCancellation()
                let fetched: [PagePipeline.Fetched]
                if let reading {
                    let limit = configuration.maxPagesPerStream - report.pages
                    fetched = try await withTaskCancellationHandler {
                        try await reading.pipeline.take(upTo: limit)
                    } onCancel: {
                        reading.reader.cancel()
                        Task { await reading.pipeline.close() }
                    }
                    if fetched.isEmpty { break }
                } else {
                    try environment.step(.beforePull)
                    let ticket = fetchLedger.begin()
                    fetched = [PagePipeline.Fetched(
                        page: try await connector.pull(stream: stream.name, after: cursor, context: context), ticket: ticket
                    )]
                }
                try environment.step(.afterPullBeforeCommit)
                let effect = try await commit(fetched, vendor: vendor, stream: stream.name, runID: runID)
                try environment.step(.afterPageCommit)
                report.pages += fetched.count
                report.pulled += fetched.reduce(0) { $0 + $1.page.items.count }
                report.applied += effect.applied
                report.deadLettered += effect.deadLettered
                report.diffs += effect.diffs
                report.consentChanges += effect.consentDiffs
                report.eventsStored += effect.eventsStored
                guard let last = fetched.last else { break }
                cursor = last.page.cursor
                if !last.page.hasMore { break }
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

    /// Reads the stream's pages ahead of their commits into a pipeline (up to `configuration.prefetchRecords`
    /// records waiting), each page after the previous one's cursor, until the stream says it is caught up or fails.
    private func startReading(
        _ connector: any VendorConnector, stream: String, after cursor: CursorToken?, context: PullContext
    ) -> (pipeline: PagePipeline, reader: Task<Void, Never>) {
        let pipeline = PagePipeline(capacity: configuration.prefetchRecords)
        let maxPages = configuration.maxPagesPerStream
        let checkpoint = environment.checkpoint
        let ledger = fetchLedger
        let reader = Task {
            var after = cursor
            do {
                for _ in 0..<maxPages {
                    try Task.checkCancellation()
                    try EngineEnvironment.step(checkpoint, .beforePull)
                    let ticket = ledger.begin()
                    let page = try await connector.pull(stream: stream, after: after, context: context)
                    guard await pipeline.put(PagePipeline.Fetched(page: page, ticket: ticket)) else { return }
                    guard page.hasMore else { break }
                    after = page.cursor
                }
                await pipeline.finish()
            } catch {
                await pipeline.fail(error)
            }
        }
        return (pipeline, reader)
    }

    /// Applies read-ahead pages and stores the last one's cursor in one transaction (it covers them all); a page's
    /// records that a targeted fetch begun after the page's read (its ticket) already applied are left out.
    func commit(_ fetched: [PagePipeline.Fetched], vendor: VendorName, stream: String, runID: Int64?) async throws -> ChangeApplier.Effect {
        try await apply(fetched.map { ($0.page.items, $0.ticket) }, vendor: vendor, stream: stream, runID: runID, cursor: fetched.last?.page.cursor)
    }

    /// Applies pulled or fetched `items` in one transaction, with `cursor` when a stream page brings one (a targeted
    /// fetch moves none), and records their keys in the fetch ledger. Records that a read begun after `ticket`
    /// already committed are skipped: what the hub has is newer.
    func apply(
        _ items: [PulledItem], vendor: VendorName, stream: String, runID: Int64?, ticket: UInt64, cursor: CursorToken?
    ) async throws -> ChangeApplier.Effect {
        try await apply([(items, ticket)], vendor: vendor, stream: stream, runID: runID, cursor: cursor)
    }

    /// Applies several segments of items, each read under its own fetch-ledger ticket, in one transaction with
    /// `cursor` (when a stream page brings one).
    func apply(
        _ segments: [([PulledItem], UInt64)], vendor: VendorName, stream: String, runID: Int64?, cursor: CursorToken?
    ) async throws -> ChangeApplier.Effect {
        let applier = ChangeApplier(
            configuration: configuration, reconciler: Reconciler(policy: configuration.policy), runID: runID,
            now: environment.now()
        )
        let ledger = fetchLedger
        return try await store.write { tx in
            var total = ChangeApplier.Effect()
            var applied: [([String], UInt64)] = []
            for (items, ticket) in segments {
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
                applied.append((keys, ticket))
            }
            if let cursor {
                try tx.saveCursor(vendor: vendor, stream: stream, version: cursor.version, json: cursor.json, now: applier.now)
            }
            for (keys, ticket) in applied {
                ledger.record(keys, vendor: vendor, stream: stream, ticket: ticket, nowMs: applier.now, always: cursor == nil)
            }
            return total
        }
    }
}

