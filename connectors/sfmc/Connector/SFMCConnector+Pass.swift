import ConnectorKit

/// The next rows of a paged Retrieve pass, or `restart` when the pass must start over from its filter.
enum PassStep: Sendable {
    case rows([SOAPNode], position: PassPosition, more: Bool)
    case restart
}

extension SFMCConnector {
    /// The rows after `position` of the Retrieve of `objectType` with `properties` and `filter` (the pass's fixed
    /// filter, as when it started).
    ///
    /// Continues `position.requestID` with `ContinueRequest` when this instance knows SFMC has sent exactly
    /// `position.deliveredRows` rows for it. Otherwise (after a restart, after a page that was fetched but not
    /// committed, when SFMC refuses the `RequestID`, or when the `ContinueRequest` answer was lost) it re-issues the
    /// Retrieve, re-reads the delivered rows, and, when their digest matches, returns the rows after them; a
    /// changed or shorter result set gives `.restart`.
    /// - Throws: `ConnectorError` from `retrieve`; a lost `ContinueRequest` answer while re-reading is thrown
    ///   (`.transient`, `retryLater`), and the engine's next pull from the committed cursor re-issues again.
    func nextRows(_ objectType: String, properties: [String], filter: FilterPart?, after position: PassPosition)
        async throws -> PassStep
    {
        if position.isFresh {
            let page = try await retrieve(objectType, properties: properties, filter: filter, continueID: nil)
            return deliver(page, page.results[...], after: position)
        }
        if let id = position.requestID, ledger.rowsSent(id) == position.deliveredRows {
            do {
                let page = try await retrieve(objectType, properties: properties, filter: nil, continueID: id)
                return deliver(page, page.results[...], after: position)
            } catch let error as ConnectorError
                where error.vendorCategory == "OverallStatus" || error.vendorCategory == "ContinueRequest"
            {
                // SFMC refused the RequestID (unknown or expired), or its answer was lost after SFMC may have moved
                // past the page: re-issue the pass below.
                logger.notice("ContinueRequest refused or lost, re-issuing the Retrieve",
                              metadata: ["objectType": .string(objectType), "reason": .string(error.vendorCategory ?? "")])
            }
        }
        if let id = position.requestID { ledger.record(id, rows: nil) }
        return try await reissue(objectType, properties: properties, filter: filter, after: position)
    }

    private func reissue(_ objectType: String, properties: [String], filter: FilterPart?, after position: PassPosition)
        async throws -> PassStep
    {
        var page = try await retrieve(objectType, properties: properties, filter: filter, continueID: nil)
        var rows = page.results[...]
        var skipped = 0
        var digest = ""
        while true {
            let take = min(position.deliveredRows - skipped, rows.count)
            digest = PassPosition.chain(digest, rows.prefix(take))
            skipped += take
            rows = rows.dropFirst(take)
            guard skipped < position.deliveredRows || (rows.isEmpty && page.more) else { break }
            guard page.more, let id = page.requestID else { break }
            page = try await retrieve(objectType, properties: properties, filter: nil, continueID: id)
            rows = page.results[...]
        }
        guard skipped == position.deliveredRows, digest == position.digest else {
            logger.notice("Retrieve result changed since the cursor, restarting the pass",
                          metadata: ["objectType": .string(objectType), "rereadRows": .stringConvertible(skipped)])
            if page.more, let id = page.requestID { ledger.record(id, rows: nil) }
            return .restart
        }
        logger.info("Retrieve re-issued after a restart; delivered rows skipped",
                    metadata: ["objectType": .string(objectType), "skippedRows": .stringConvertible(skipped)])
        return deliver(page, rows, after: position)
    }

    /// `rows` (the undelivered tail of `page`) after `position`; records what SFMC has sent for the `RequestID`.
    private func deliver(_ page: RetrievePage, _ rows: ArraySlice<SOAPNode>, after position: PassPosition) -> PassStep {
        let next = PassPosition(requestID: page.more ? page.requestID : nil, deliveredRows: position.deliveredRows + rows.count,
                                digest: PassPosition.chain(position.digest, rows))
        if let id = page.requestID { ledger.record(id, rows: page.more ? next.deliveredRows : nil) }
        return .rows(Array(rows), position: next, more: page.more)
    }
}
