import Foundation
import SandboxKit

/// The timestamp formats Braze prints, which differ per endpoint (braze.md timestamp cheat-sheet).
enum BrazeFormats {
    /// `/users/export/ids` `created_at`: `2020-07-10 15:00:00.000 UTC`.
    static func exportCreatedAt(_ ms: Int64) -> String {
        let p = SandboxTimestamp.components(milliseconds: ms)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%03d UTC", p.year, p.month, p.day, p.hour, p.minute,
            p.second, p.millisecond)
    }

    /// `/email/unsubscribes`, `/email/hard_bounces`, `/sms/invalid_phone_numbers`: `2016-08-25 15:24:32 +0000`.
    static func listTimestamp(_ ms: Int64) -> String {
        let p = SandboxTimestamp.components(milliseconds: ms)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d +0000", p.year, p.month, p.day, p.hour, p.minute, p.second)
    }

    /// A `YYYY-MM-DD` query date as midnight UTC, epoch ms.
    static func queryDate(_ text: String) -> Int64? {
        guard text.utf8.count == 10 else { return nil }
        return SandboxTimestamp.parse(text)
    }

    /// Lenient parse of the date forms Braze accepts (ISO-8601 with or without zone / millis, the export and list
    /// forms); `nil` when unparseable.
    static func parseTime(_ text: String) -> Int64? {
        if let ms = SandboxTimestamp.parse(text) { return ms }
        if text.count > 19 {
            let index = text.index(text.startIndex, offsetBy: 19)
            let zone = text[index...].replacingOccurrences(of: ":", with: "")
            guard let base = SandboxTimestamp.parse(String(text[..<index])), zone.count == 5,
                let sign = zone.first, sign == "+" || sign == "-",
                let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
            else { return nil }
            let offset = Int64((hours * 60 + minutes) * 60_000)
            return sign == "+" ? base - offset : base + offset
        }
        return nil
    }
}
