import ConnectorKit
import SyncCore

extension SFMCConnector {
    /// Decodes a cursor of `type`; `nil` for none or another version.
    /// - Throws: `ConnectorError(.configuration)` when the JSON does not decode.
    func decodeCursor<Value: Decodable>(_ token: CursorToken?, _ type: Value.Type, version: Int) throws -> Value? {
        guard let token else { return nil }
        do {
            return try token.decode(type, expectedVersion: version)
        } catch {
            throw ConnectorError(.configuration, "stored cursor is not readable", vendor: "sfmc", underlying: error)
        }
    }

    /// Encodes a cursor.
    func encodeCursor<Value: Encodable>(_ value: Value, version: Int) throws -> CursorToken {
        do {
            return try CursorToken(version: version, value: value)
        } catch {
            throw ConnectorError(.configuration, "cursor cannot be encoded", vendor: "sfmc", underlying: error)
        }
    }

    /// One page of a `ModifiedDate`-watermarked Retrieve stream (subscribers, list subscribers).
    ///
    /// Starts a pass with `filter(from)` (`from` = watermark − lookback, `nil` on the first pass) or continues the
    /// open `RequestID`; the watermark moves to the pass's latest `ModifiedDate` only when the pass ends.
    func pullRetrieveStream(
        after token: CursorToken?, objectType: String, properties: [String], filter: (String?) -> FilterPart?,
        modifiedMs: (SOAPNode) -> Int64?, map: (SOAPNode) -> PulledItem
    ) async throws -> Page {
        var cursor = try decodeCursor(token, RetrieveCursor.self, version: RetrieveCursor.version) ?? RetrieveCursor()
        let from = cursor.watermarkMs.map { time.format($0 - configuration.lookbackMs) }
        let page: RetrievePage
        do {
            page = try await retrieve(objectType, properties: properties, filter: cursor.requestID == nil ? filter(from) : nil,
                                      continueID: cursor.requestID)
        } catch let error as ConnectorError where cursor.requestID != nil && error.vendorCategory == "OverallStatus" {
            // The RequestID is unknown or expired at SFMC: restart the pass from the watermark (re-reads are idempotent).
            logger.notice("ContinueRequest refused, restarting the pass", metadata: ["objectType": .string(objectType)])
            cursor = RetrieveCursor(watermarkMs: cursor.watermarkMs)
            page = try await retrieve(objectType, properties: properties, filter: filter(from), continueID: nil)
        }
        let items = page.results.map(map)
        let pageMax = page.results.compactMap(modifiedMs).max()
        let passMax = [cursor.passMaxMs, pageMax].compactMap { $0 }.max()
        var next = cursor
        if page.more {
            next.requestID = page.requestID
            next.passMaxMs = passMax
        } else {
            next = RetrieveCursor(watermarkMs: [cursor.watermarkMs, passMax].compactMap { $0 }.max())
        }
        return Page(items: items, cursor: try encodeCursor(next, version: RetrieveCursor.version), hasMore: page.more)
    }
}
