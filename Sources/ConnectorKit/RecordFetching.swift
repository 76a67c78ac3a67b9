import SyncCore

/// A connector that can read named records of a stream right away, outside the stream's cursor: what the daemon
/// does when a webhook names the records that changed (e.g. HubSpot `contact.propertyChange` → the contact's id).
///
/// The items are mapped exactly as the stream's pull maps them (consent included), so applying them is the same
/// as the stream reading them at that moment. The stream's cursor is not touched: the next pass reads them again
/// (without effect) and also catches whatever a lost webhook would have missed.
public protocol RecordFetching: VendorConnector {
    /// The streams whose records `fetch` reads by vendor key (e.g. HubSpot's `contacts`).
    var fetchableStreams: Set<String> { get }
    /// The most keys one `fetch` call takes (the vendor's batch-read limit).
    var fetchBatchSize: Int { get }

    /// Reads the records `recordKeys` of `stream` now.
    /// - Returns: one item per record the vendor still has (a missing or deleted key is left out: its deletion
    ///   arrives through the streams); a record that cannot be mapped is a `PulledItem.rejected`.
    /// - Throws: `ConnectorError` as `pull` does; `.configuration` for a stream not in `fetchableStreams`.
    func fetch(stream: String, recordKeys: [String], context: PullContext) async throws -> [PulledItem]
}
