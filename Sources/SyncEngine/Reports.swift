import ConnectorKit
import SyncCore

/// What one pass did to one (vendor, stream).
public struct StreamReport: Codable, Sendable, Equatable {
    public var vendor: VendorName
    public var stream: String
    public var pages = 0
    /// Records pulled (changes and rejected records).
    public var pulled = 0
    public var applied = 0
    public var deadLettered = 0
    public var diffs = 0
    public var consentChanges = 0
    public var eventsStored = 0
    /// When the stream's pull began and ended (UTC ms; 0 until set).
    public var startedAt: UTCMillis = 0
    public var finishedAt: UTCMillis = 0
    /// The error that stopped the stream, if any (the cursor stays after the last committed page).
    public var error: String?

    /// An empty report.
    public init(vendor: VendorName, stream: String) {
        self.vendor = vendor
        self.stream = stream
    }
}

/// What one pass pushed to one vendor.
public struct PushReport: Codable, Sendable, Equatable {
    public var vendor: VendorName
    /// Mutations planned for this vendor in this pass.
    public var planned = 0
    /// Mutations the vendor applied.
    public var pushed = 0
    /// Failed attempts that will be retried.
    public var retried = 0
    /// Mutations refused for good (dead-lettered).
    public var deadLettered = 0
    /// Records to create that existed unseen at the vendor: read, linked and planned again instead of written.
    public var linked = 0
    /// Batches sent.
    public var batches = 0
    /// Still pending when the pass ended.
    public var pending = 0
    /// When the vendor's first drain of the pass began and its last one ended (UTC ms; 0 when nothing was drained).
    public var startedAt: UTCMillis = 0
    public var finishedAt: UTCMillis = 0
    public var error: String?

    /// An empty report.
    public init(vendor: VendorName) { self.vendor = vendor }
}

/// The report of one reconcile pass.
public struct PassReport: Codable, Sendable, Equatable {
    public var runID: Int64?
    public var streams: [StreamReport] = []
    public var pushes: [PushReport] = []
    /// The shared HTTP client's counters per vendor at the end of the pass (requests, retries, 429s absorbed,
    /// rate-limit waits), for connectors that report them.
    public var http: [String: HTTPClientStats] = [:]
    public var startedAt: UTCMillis
    public var finishedAt: UTCMillis = 0

    /// An empty report.
    public init(runID: Int64?, startedAt: UTCMillis) {
        self.runID = runID
        self.startedAt = startedAt
    }

    /// True when no stream and no vendor push reported an error.
    public var succeeded: Bool { streams.allSatisfy { $0.error == nil } && pushes.allSatisfy { $0.error == nil } }
}
