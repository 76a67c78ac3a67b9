/// The cursor of the `subscribers` and `list_subscribers` streams.
///
/// `watermarkMs` is the latest `ModifiedDate` (UTC ms) of a completed pass; the next pass filters from
/// `min(watermarkMs, lastPassStartedAtMs − lookbackMs)`, never earlier than `watermarkMs − lookbackMs` (rows changed
/// before the last pass began, minus the lookback, were all read by it; its own later writes are not re-read on
/// every pass). `openPassStartedAtMs` is when the open pass began (VendorSync's clock, UTC ms). While a pass is paged, `requestID` is the open Retrieve's `RequestID`, `passMaxMs`
/// the latest `ModifiedDate` delivered in it, and `deliveredRows` / `digest` what the engine has committed of it
/// (`PassPosition`; absent in cursors written before they existed, which resume by restarting the pass).
struct RetrieveCursor: Codable, Sendable, Equatable, RetrievePositionHolding {
    static let version = 1

    var watermarkMs: Int64?
    var requestID: String?
    var passMaxMs: Int64?
    var deliveredRows: Int?
    var digest: String?
    var openPassStartedAtMs: Int64?
    var lastPassStartedAtMs: Int64?

    /// The `ModifiedDate` lower bound of the pass this cursor opens or continues (UTC ms), `nil` on the first pass.
    func passFromMs(lookbackMs: Int64) -> Int64? {
        watermarkMs.map { watermark in
            max(watermark - lookbackMs, min(watermark, (lastPassStartedAtMs ?? watermark) - lookbackMs))
        }
    }
}

/// The cursor of the `events` stream: an `EventDate` window `[windowFromMs, windowToMs]` read object type by
/// object type (`typeIndex` into `TrackingEventMapper.objectTypes`), then `watermarkMs = windowToMs`; within an
/// object type, `requestID`, `deliveredRows` and `digest` are its open Retrieve's `PassPosition`.
struct EventsCursor: Codable, Sendable, Equatable, RetrievePositionHolding {
    static let version = 1

    var watermarkMs: Int64?
    var windowFromMs: Int64?
    var windowToMs: Int64?
    var typeIndex: Int = 0
    var requestID: String?
    var deliveredRows: Int?
    var digest: String?
}

/// A cursor that keeps an open Retrieve's `PassPosition` in three optional fields (absent in cursors written before
/// they existed, which resume by restarting the pass).
protocol RetrievePositionHolding {
    var requestID: String? { get set }
    var deliveredRows: Int? { get set }
    var digest: String? { get set }
}

extension RetrievePositionHolding {
    /// The open Retrieve's position.
    var position: PassPosition {
        get { PassPosition(requestID: requestID, deliveredRows: deliveredRows ?? 0, digest: digest ?? "") }
        set {
            requestID = newValue.requestID
            deliveredRows = newValue.deliveredRows
            digest = newValue.digest
        }
    }
}
