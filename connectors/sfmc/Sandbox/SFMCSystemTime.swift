import Foundation
import SandboxKit

/// SFMC "system time": US Central **Standard** Time, UTC−6 all year, printed without an offset
/// (`2026-03-08T02:30:00.000`). Source: sfmc.md §4 (incoming date normalization; SystemDateToLocalDate).
enum SFMCSystemTime {
    /// The offset of system time from UTC, milliseconds.
    static let offsetMs: Int64 = -6 * 3_600_000

    /// `yyyy-MM-ddTHH:mm:ss.fff` in CST for epoch ms.
    static func format(_ ms: Int64) -> String {
        String(SandboxTimestamp.iso8601(milliseconds: ms + offsetMs).dropLast())
    }

    /// Epoch ms of an inbound date: naive values are system time; `Z` or `±HH:MM` offsets are honoured.
    static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let offset = trailingOffsetMinutes(trimmed) {
            let naive = String(trimmed.dropLast(offset.length))
            return SandboxTimestamp.parse(naive).map { $0 - Int64(offset.minutes) * 60_000 }
        }
        if trimmed.hasSuffix("Z") { return SandboxTimestamp.parse(trimmed) }
        return SandboxTimestamp.parse(trimmed).map { $0 - offsetMs }
    }

    private static func trailingOffsetMinutes(_ text: String) -> (minutes: Int, length: Int)? {
        guard text.count > 19 else { return nil }
        let tail = Array(text.suffix(6))
        guard tail[0] == "+" || tail[0] == "-", tail[3] == ":", let h = Int(String(tail[1...2])),
              let m = Int(String(tail[4...5]))
        else { return nil }
        return ((tail[0] == "-" ? -1 : 1) * (h * 60 + m), 6)
    }
}
