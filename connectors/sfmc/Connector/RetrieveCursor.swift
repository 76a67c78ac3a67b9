/// The cursor of the `subscribers` and `list_subscribers` streams.
///
/// `watermarkMs` is the latest `ModifiedDate` (UTC ms) of a completed pass; the next pass filters from
/// `watermarkMs − lookbackMs`. While a pass is paged, `requestID` is the open Retrieve's `RequestID`, `passMaxMs`
/// the latest `ModifiedDate` delivered in it, and `deliveredRows` / `digest` what the engine has committed of it
/// (`PassPosition`; absent in cursors written before they existed, which resume by restarting the pass).
struct RetrieveCursor: Codable, Sendable, Equatable {
    static let version = 1

    var watermarkMs: Int64?
    var requestID: String?
    var passMaxMs: Int64?
    var deliveredRows: Int?
    var digest: String?

    /// The open pass's position.
    var position: PassPosition {
        get { PassPosition(requestID: requestID, deliveredRows: deliveredRows ?? 0, digest: digest ?? "") }
        set {
            requestID = newValue.requestID
            deliveredRows = newValue.deliveredRows
            digest = newValue.digest
        }
    }
}

/// The cursor of the `events` stream: an `EventDate` window `[windowFromMs, windowToMs]` read object type by
/// object type (`typeIndex` into `TrackingEventMapper.objectTypes`), then `watermarkMs = windowToMs`; within an
/// object type, `requestID`, `deliveredRows` and `digest` are its open Retrieve's `PassPosition`.
struct EventsCursor: Codable, Sendable, Equatable {
    static let version = 1

    var watermarkMs: Int64?
    var windowFromMs: Int64?
    var windowToMs: Int64?
    var typeIndex: Int = 0
    var requestID: String?
    var deliveredRows: Int?
    var digest: String?

    /// The open Retrieve's position (of `objectTypes[typeIndex]`).
    var position: PassPosition {
        get { PassPosition(requestID: requestID, deliveredRows: deliveredRows ?? 0, digest: digest ?? "") }
        set {
            requestID = newValue.requestID
            deliveredRows = newValue.deliveredRows
            digest = newValue.digest
        }
    }
}
