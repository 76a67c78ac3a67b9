import Foundation

/// UTC timestamp formatting and parsing shared by the vendor emulators, without locale or time-zone state.
public enum SandboxTimestamp {
    /// `2026-09-01T08:00:00.000Z` (ISO-8601, UTC, milliseconds) for epoch milliseconds `ms`.
    public static func iso8601(milliseconds ms: Int64) -> String {
        let parts = components(milliseconds: ms)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond
        )
    }

    /// `2026-09-01T08:00:00Z` (ISO-8601, UTC, whole seconds).
    public static func iso8601Seconds(milliseconds ms: Int64) -> String {
        let parts = components(milliseconds: ms)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second
        )
    }

    /// Calendar fields (UTC) of epoch milliseconds `ms`.
    public static func components(milliseconds ms: Int64)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int)
    {
        let floorDiv = { (a: Int64, b: Int64) -> Int64 in a >= 0 ? a / b : -((-a + b - 1) / b) }
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return (
            year, month, day, Int(msOfDay / 3_600_000), Int(msOfDay / 60_000 % 60), Int(msOfDay / 1000 % 60),
            Int(msOfDay % 1000)
        )
    }

    /// Epoch milliseconds of a UTC calendar instant.
    public static func milliseconds(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
        millisecond: Int = 0
    ) -> Int64 {
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return days * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond)
    }

    /// Parses ISO-8601 UTC forms: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff](Z|+00:00)`, and the space-separated
    /// `YYYY-MM-DD HH:MM:SS[.fff] (UTC|+0000)` forms Braze prints. Returns epoch milliseconds or `nil`.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, bytes[7] == 45,
            let month = number(5, 2), let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if bytes.count == 10 { return milliseconds(year: year, month: month, day: day) }
        guard bytes.count >= 19, bytes[10] == 84 || bytes[10] == 32, let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millis = 0
        if index < bytes.count, bytes[index] == 46 {
            var digits = 0
            index += 1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        let zone = String(decoding: bytes[index...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard ["", "Z", "+00:00", "+0000", "UTC"].contains(zone) else { return nil }
        return milliseconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millis)
    }

    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilDate(daysSinceEpoch days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
