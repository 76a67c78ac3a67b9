/// Parsing and formatting of vendor timestamps to UTC milliseconds, without Foundation date formatters.
///
/// Accepted forms: ISO-8601 `2024-10-21T21:36:02.961Z` (fraction optional, `Z`, `±HH:MM` or `±HHMM`), the same with
/// a space instead of `T`, a trailing ` UTC` (Braze export `2020-07-10 15:00:00.000 UTC`), ` +0000` (Braze email
/// lists `2016-08-25 15:24:32 +0000`), a bare date `2026-03-08` (midnight), and timestamps without any offset,
/// which are read in the zone the caller names (SFMC SOAP: US Central Standard Time, UTC−6 all year).
public enum VendorTime {
    /// Parses `text` to UTC milliseconds.
    ///
    /// - Parameters:
    ///   - text: the vendor's timestamp.
    ///   - field: the field name, used in the error.
    ///   - naiveOffsetMinutes: the UTC offset of timestamps that carry none (0 = UTC, −360 = CST).
    /// - Throws: `NormalizationError` naming `field` when the text is empty, malformed or out of range
    ///   (month 13, day 45, hour 24...).
    public static func parse(_ text: String, field: String, naiveOffsetMinutes: Int = 0) throws -> UTCMillis {
        var scanner = Scanner(Array(text.trimmingWhitespace().utf8))
        let fail = NormalizationError(field: field, reason: "unparseable timestamp")
        guard !scanner.isAtEnd else { throw NormalizationError(field: field, reason: "empty timestamp") }
        guard let year = scanner.digits(4), scanner.take(UInt8(ascii: "-")), let month = scanner.digits(2),
              scanner.take(UInt8(ascii: "-")), let day = scanner.digits(2)
        else { throw fail }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
            throw NormalizationError(field: field, reason: "date out of range")
        }
        var hour = 0, minute = 0, second = 0, millis = 0
        var offsetMinutes = naiveOffsetMinutes
        if scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: " ")) {
            guard let h = scanner.digits(2), scanner.take(UInt8(ascii: ":")), let m = scanner.digits(2) else { throw fail }
            hour = h
            minute = m
            if scanner.take(UInt8(ascii: ":")) {
                guard let s = scanner.digits(2) else { throw fail }
                second = s
                if scanner.take(UInt8(ascii: ".")) {
                    guard let fraction = scanner.fraction() else { throw fail }
                    millis = fraction
                }
            }
            guard hour < 24, minute < 60, second < 61 else {
                throw NormalizationError(field: field, reason: "time out of range")
            }
            _ = scanner.take(UInt8(ascii: " "))
            if let offset = try scanner.offset(fail) { offsetMinutes = offset }
        }
        guard scanner.isAtEnd else { throw fail }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    /// Parses an epoch-milliseconds string (HubSpot search filters, email events `created`).
    /// - Throws: `NormalizationError` naming `field` when `text` is not a whole number.
    public static func parseEpochMillis(_ text: String, field: String) throws -> UTCMillis {
        guard let value = Int64(text.trimmingWhitespace()) else {
            throw NormalizationError(field: field, reason: "not epoch milliseconds")
        }
        return value
    }

    /// Formats UTC milliseconds as ISO-8601 with milliseconds and `Z` (`2026-03-08T08:30:00.000Z`).
    public static func iso8601(_ millis: UTCMillis) -> String {
        let (days, msOfDay) = floorDivide(millis, 86_400_000)
        let (year, month, day) = civilFromDays(Int(days))
        let ms = Int(msOfDay)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(ms / 3_600_000, 2)):\(pad(ms / 60_000 % 60, 2)):"
            + "\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))Z"
    }

    /// Formats the UTC calendar date of `millis` as `YYYY-MM-DD`.
    public static func date(_ millis: UTCMillis) -> String { String(iso8601(millis).prefix(10)) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + count] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += count
        return value
    }

    /// Reads a fraction of a second (1 to 9 digits) as milliseconds, truncating.
    mutating func fraction() -> Int? {
        var value = 0, count = 0
        while index < bytes.count, (48...57).contains(bytes[index]) {
            if count < 3 { value = value * 10 + Int(bytes[index] - 48) }
            count += 1
            index += 1
        }
        guard (1...9).contains(count) else { return nil }
        for _ in count..<3 where count < 3 { value *= 10 }
        return value
    }

    /// Reads `Z`, `UTC`, `±HH:MM` or `±HHMM`; nil when nothing is left.
    mutating func offset(_ fail: NormalizationError) throws -> Int? {
        if isAtEnd { return nil }
        if take(UInt8(ascii: "Z")) { return 0 }
        if take(UInt8(ascii: "U")) {
            guard take(UInt8(ascii: "T")), take(UInt8(ascii: "C")) else { throw fail }
            return 0
        }
        let sign: Int
        if take(UInt8(ascii: "+")) { sign = 1 } else if take(UInt8(ascii: "-")) { sign = -1 } else { throw fail }
        guard let hours = digits(2) else { throw fail }
        _ = take(UInt8(ascii: ":"))
        guard let minutes = digits(2), hours <= 14, minutes < 60 else { throw fail }
        return sign * (hours * 60 + minutes)
    }
}
