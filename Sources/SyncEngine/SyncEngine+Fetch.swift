import ConnectorKit
import SyncCore
import SyncStore

extension SyncEngine {
    /// Reads the named records of `stream` now (`RecordFetching.fetch`) and applies them in one transaction per
    /// batch of `fetchBatchSize` keys, without touching the stream's cursor.
    ///
    /// What the daemon does when a webhook names changed records: the change reaches the hub without waiting for
    /// the stream's next pass. A stream page read before this fetch and committed after it leaves these records
    /// out (`FetchLedger`), so the hub never goes back to an older state.
    /// - Returns: the report (`pages` = batches; a vendor error is reported, not thrown, as in `pull`).
    /// - Throws: store failures, cancellation and `EngineAbort` only.
    public func fetch(_ connector: any RecordFetching, stream: String, recordKeys: [String], runID: Int64? = nil) async throws -> StreamReport {
        var report = StreamReport(vendor: connector.vendor, stream: stream)
        let vendor = connector.vendor
        var unique: [String] = []
        for key in recordKeys where !unique.contains(key) { unique.append(key) }
        let context = PullContext(now: environment.now()) { [store] after, limit in
            try await store.read { tx in try tx.recordKeys(vendor: vendor, after: after, limit: limit) }
        }
        do {
            for start in stride(from: 0, to: unique.count, by: max(1, connector.fetchBatchSize)) {
                try Task.checkCancellation()
                let keys = Array(unique[start..<min(start + max(1, connector.fetchBatchSize), unique.count)])
                let ticket = fetchLedger.beginFetch()
                defer { fetchLedger.endFetch() }
                let items = try await connector.fetch(stream: stream, recordKeys: keys, context: context)
                let effect = try await apply(items, vendor: vendor, stream: stream, runID: runID, ticket: ticket, cursor: nil)
                report.pages += 1
                report.pulled += items.count
                report.applied += effect.applied
                report.deadLettered += effect.deadLettered
                report.diffs += effect.diffs
                report.consentChanges += effect.consentDiffs
                report.eventsStored += effect.eventsStored
            }
        } catch let abort as EngineAbort {
            throw abort
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            report.error = "\(error)"
            logger.error("fetch stopped", metadata: ["vendor": "\(vendor)", "stream": "\(stream)", "error": "\(error)"])
        }
        return report
    }
}
