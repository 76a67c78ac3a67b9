/// The cursor of the `subscribers` and `list_subscribers` streams.
///
/// `watermarkMs` is the latest `ModifiedDate` (UTC ms) of a completed pass; the next pass filters from
/// `watermarkMs − lookbackMs`. While a pass is paged, `requestID` is the open Retrieve's `RequestID` and
/// `passMaxMs` the latest `ModifiedDate` seen in it.
struct RetrieveCursor: Codable, Sendable, Equatable {
    static let version = 1

    var watermarkMs: Int64?
    var requestID: String?
    var passMaxMs: Int64?
}

/// The cursor of the `events` stream: an `EventDate` window `[windowFromMs, windowToMs]` read object type by
/// object type (`typeIndex` into `TrackingEventMapper.objectTypes`), then `watermarkMs = windowToMs`.
struct EventsCursor: Codable, Sendable, Equatable {
    static let version = 1

    var watermarkMs: Int64?
    var windowFromMs: Int64?
    var windowToMs: Int64?
    var typeIndex: Int = 0
    var requestID: String?
}
