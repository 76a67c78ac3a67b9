/// The cursor of a date-windowed list stream (`unsubscribes`, `hard_bounces`).
///
/// `windowStart` is the first UTC day of the window being read (`YYYY-MM-DD`, midnight UTC as Braze reads it);
/// `offset` the number of rows of that window already read. The window start only moves forward, and only when a
/// window was read to its end; the last window of a pass restarts `lookbackDays` before today, so rows that
/// arrive late are read again rather than missed.
struct ListCursor: Codable, Sendable, Equatable {
    /// First day of the current window, `YYYY-MM-DD` (UTC).
    var windowStart: String
    /// Rows of the current window already read (the next request's `offset`).
    var offset: Int

    /// The version stored with the cursor; bump when the shape changes.
    static let version = 1
}

/// Whole UTC days since 1970-01-01, with `YYYY-MM-DD` conversions (Braze list date parameters).
struct UTCDay: Comparable, Sendable {
    let index: Int64

    init(index: Int64) { self.index = index }

    /// The day containing `millis` (UTC).
    init(containing millis: Int64) {
        index = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
    }

    /// Parses `YYYY-MM-DD`; `nil` when it is not a valid date.
    init?(_ text: String) {
        guard text.count == 10, let millis = try? VendorTimeBridge.parse(text) else { return nil }
        self.init(containing: millis)
    }

    /// `YYYY-MM-DD`.
    var text: String { VendorTimeBridge.date(index * 86_400_000) }

    func adding(days: Int) -> UTCDay { UTCDay(index: index + Int64(days)) }

    static func < (lhs: UTCDay, rhs: UTCDay) -> Bool { lhs.index < rhs.index }
}
