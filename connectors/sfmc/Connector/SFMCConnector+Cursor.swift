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
    /// Starts a pass with `filter(from)` (`from` = `RetrieveCursor.passFromMs`, `nil` on the first pass) or resumes it
    /// (`nextRows`: `ContinueRequest`, or after a restart the re-issued Retrieve minus the committed rows); the
    /// watermark moves to the pass's latest `ModifiedDate` only when the pass ends.
    func pullRetrieveStream(
        after token: CursorToken?, now: UTCMillis, objectType: String, properties: [String], filter: (String?) -> FilterPart?,
        modifiedMs: (SOAPNode) -> Int64?, map: (SOAPNode) -> PulledItem
    ) async throws -> Page {
        var cursor = try decodeCursor(token, RetrieveCursor.self, version: RetrieveCursor.version) ?? RetrieveCursor()
        if cursor.openPassStartedAtMs == nil { cursor.openPassStartedAtMs = now }
        let from = cursor.passFromMs(lookbackMs: configuration.lookbackMs).map { time.format($0) }
        let step = try await nextRows(objectType, properties: properties, filter: filter(from), after: cursor.position)
        guard case let .rows(rows, position, more) = step else {
            // The result set changed since the cursor: read the pass again from its start (re-reads are idempotent).
            let restart = RetrieveCursor(watermarkMs: cursor.watermarkMs, lastPassStartedAtMs: cursor.lastPassStartedAtMs)
            return Page(items: [], cursor: try encodeCursor(restart, version: RetrieveCursor.version), hasMore: true)
        }
        let pageMax = rows.compactMap(modifiedMs).max()
        let passMax = [cursor.passMaxMs, pageMax].compactMap { $0 }.max()
        var next = cursor
        if more {
            next.position = position
            next.passMaxMs = passMax
        } else {
            // A ModifiedDate after the pass began (a row dated in the future, or SFMC's clock ahead of ours) never
            // raises the watermark past the pass start: the next pass would otherwise skip every change until then.
            let reached = [cursor.watermarkMs, passMax].compactMap { $0 }.max()
            next = RetrieveCursor(
                watermarkMs: reached.map { min($0, cursor.openPassStartedAtMs ?? $0) },
                lastPassStartedAtMs: cursor.openPassStartedAtMs)
        }
        return Page(items: rows.map(map), cursor: try encodeCursor(next, version: RetrieveCursor.version), hasMore: more)
    }
}
