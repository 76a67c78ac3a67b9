import SyncCore

/// The few `VendorTime` calls the connector makes, in one place.
enum VendorTimeBridge {
    /// Parses a Braze timestamp (ISO-8601, `2020-07-10 15:00:00.000 UTC`, `2016-08-25 15:24:32 +0000`, `YYYY-MM-DD`).
    /// - Throws: `NormalizationError` naming `field`.
    static func parse(_ text: String, field: String = "date") throws -> UTCMillis {
        try VendorTime.parse(text, field: field)
    }

    /// `YYYY-MM-DD` of `millis` (UTC).
    static func date(_ millis: UTCMillis) -> String { VendorTime.date(millis) }

    /// ISO-8601 with milliseconds and `Z`.
    static func iso(_ millis: UTCMillis) -> String { VendorTime.iso8601(millis) }
}
