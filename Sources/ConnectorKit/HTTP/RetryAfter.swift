import Foundation

/// Parses `Retry-After` header values (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// The wait a `Retry-After` value asks for, in ms from `nowMs`.
    ///
    /// - Parameters:
    ///   - value: either delay-seconds (`"120"`; a decimal such as `"1.5"` is accepted too) or an HTTP date
    ///     (IMF-fixdate `"Sun, 06 Nov 1994 08:49:37 GMT"`, or the obsolete RFC 850 / asctime forms).
    ///   - nowMs: the current time, UTC epoch ms (used for dates).
    /// - Returns: milliseconds ≥ 0 (a date in the past gives 0), or `nil` if the value is neither form.
    public static func parse(_ value: String, nowMs: Int64) -> Int64? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite {
            guard seconds >= 0 else { return nil }
            return Int64((seconds * 1000).rounded(.up))
        }
        guard let dateMs = parseHTTPDate(trimmed) else { return nil }
        return max(0, dateMs - nowMs)
    }

    /// Parses an HTTP date to UTC epoch ms, or `nil`.
    public static func parseHTTPDate(_ value: String) -> Int64? {
        let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: collapsed) {
                return Int64((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        return nil
    }
}
