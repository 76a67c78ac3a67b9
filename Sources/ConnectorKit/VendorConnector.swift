import Foundation
import SyncCore

/// A stream a connector can pull (e.g. HubSpot `contacts`, Braze `unsubscribes`).
public struct StreamDescriptor: Sendable, Equatable {
    /// The stream's name, unique within its vendor; part of the cursor's key in the store.
    public var name: String
    /// The version of the stream's cursor format; a stored cursor of another version is discarded (full re-read).
    public var cursorVersion: Int

    /// A stream.
    public init(name: String, cursorVersion: Int = 1) {
        self.name = name
        self.cursorVersion = cursorVersion
    }
}

/// A connector's cursor as the engine stores it: the connector's own `Codable` value as JSON, plus its version.
///
/// - Important: only the engine persists a cursor, in the same transaction as the page it covers.
public struct CursorToken: Codable, Sendable, Equatable {
    public var version: Int
    /// The connector's cursor value, JSON-encoded.
    public var json: String

    /// A token from already-encoded JSON.
    public init(version: Int, json: String) {
        self.version = version
        self.json = json
    }

    /// Encodes a connector's cursor value.
    /// - Throws: `EncodingError` if the value cannot be encoded.
    public init<Value: Encodable>(version: Int, value: Value) throws {
        self.version = version
        self.json = String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
    }

    /// Decodes the connector's cursor value, or `nil` when the token is of another version.
    /// - Throws: `DecodingError` when the JSON does not match `Value`.
    public func decode<Value: Decodable>(_ type: Value.Type, expectedVersion: Int) throws -> Value? {
        guard version == expectedVersion else { return nil }
        return try JSONDecoder().decode(Value.self, from: Data(json.utf8))
    }
}

/// What the engine lends a connector during a pull.
public struct PullContext: Sendable {
    /// The pull time (UTC ms).
    public var now: UTCMillis
    /// Known vendor keys of this vendor, in ascending order, after `after` (exclusive), at most `limit`; used by
    /// streams that sweep known records (e.g. Braze `/users/export/ids`).
    public var knownRecordKeys: @Sendable (_ after: String?, _ limit: Int) async throws -> [String]

    /// A context.
    public init(
        now: UTCMillis,
        knownRecordKeys: @escaping @Sendable (_ after: String?, _ limit: Int) async throws -> [String] = { _, _ in [] }
    ) {
        self.now = now
        self.knownRecordKeys = knownRecordKeys
    }
}

/// One pulled page: its items, the cursor that resumes after it, and whether more is available now.
public struct Page: Sendable {
    public var items: [PulledItem]
    /// The cursor after this page; stored by the engine together with the page's effects.
    public var cursor: CursorToken
    /// `false` when the stream is caught up for this pass.
    public var hasMore: Bool

    /// A page.
    public init(items: [PulledItem], cursor: CursorToken, hasMore: Bool) {
        self.items = items
        self.cursor = cursor
        self.hasMore = hasMore
    }
}

/// The boundary between the engine and one vendor.
///
/// A connector describes requests and maps payloads; the shared `VendorHTTPClient` does retries, rate limiting and
/// auth refresh. A connector never stores state: the engine persists its cursors.
public protocol VendorConnector: Sendable {
    /// The vendor's configured name.
    var vendor: VendorName { get }
    /// The streams this connector pulls, in the order a pass should run them.
    var streams: [StreamDescriptor] { get }
    /// What the connector can push.
    var pushCapabilities: PushCapabilities { get }
    /// How many mutations one `push` call takes at most.
    var pushBatchSize: Int { get }

    /// Pulls the page after `cursor` (`nil` = from the beginning).
    /// - Throws: `ConnectorError` (transient, rate-limited, auth, permanent, malformed response); a record that
    ///   cannot be mapped is not an error but a `PulledItem.rejected` in the page.
    func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page

    /// Pushes a batch of mutations for this vendor.
    ///
    /// The engine calls it concurrently, up to its `pushConcurrency` batches per vendor, so it must keep no state
    /// that assumes one call at a time. Batches in flight together never share a person, a record key or an address,
    /// so a record is never created or written by two calls at once.
    /// - Returns: exactly one outcome per mutation, in the same order.
    /// - Throws: `ConnectorError` when the whole batch failed before any item was applied.
    func push(_ mutations: [Mutation]) async throws -> [PushOutcome]

    /// Maps a dead-lettered record's raw payload again (after it, or the configuration, was fixed).
    /// - Throws: `ConnectorError` when the stream is unknown.
    func remap(_ record: RejectedRecord) throws -> PulledItem
}
