import SyncCore

/// SFMC system time: naive timestamps in a fixed offset from UTC (US Central Standard Time, −360 minutes, no DST).
/// Source: sfmc.md §4 "Dates"; parsing is `VendorTime.parse(_:field:naiveOffsetMinutes:)`.
struct SystemTime: Sendable {
    let offsetMinutes: Int

    /// UTC ms of a naive (or offset-carrying) SFMC timestamp.
    /// - Throws: `NormalizationError` naming `field`.
    func parse(_ text: String, field: String) throws -> UTCMillis {
        try VendorTime.parse(text, field: field, naiveOffsetMinutes: offsetMinutes)
    }

    /// `yyyy-MM-ddTHH:mm:ss.fff` in system time, for filter values (`2026-03-08T08:30:00Z` → `2026-03-08T02:30:00.000`).
    func format(_ ms: UTCMillis) -> String {
        String(VendorTime.iso8601(ms + Int64(offsetMinutes) * 60_000).dropLast())
    }
}
