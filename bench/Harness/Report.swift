import Foundation

/// The Markdown results of one harness run.
struct Report {
    var machine: String
    var initial: [String]
    var streams: [String]
    var incremental: [String]
    var incrementalStages: [String]
    var push: [String]

    func markdown() -> String {
        var lines = ["# VendorSync benchmark, \(Self.stamp())", "", "Machine: \(machine)", ""]
        if !initial.isEmpty {
            lines += [
                "## Initial sync (sandbox `--rate-limits off`, connectors' client limits lifted, empty database)", "",
                "| contacts per vendor | wall s | records/s (all streams) | peak RSS | database | sandbox peak RSS | pushed | status |",
                "|---|---|---|---|---|---|---|---|",
            ] + initial + ["", "Per stream (time from the stream's first request to its last commit; vendors run concurrently):", "",
                           "| contacts per vendor | stream | records | s | records/s |", "|---|---|---|---|---|"] + streams + [""]
        }
        if !incremental.isEmpty {
            lines += [
                "## Incremental pass (1% changed through the vendor APIs)", "",
                "Each initial pass's writes come back on the next pull; an echo pass, started one lookback (10 s) after " +
                    "the initial pass, reads them first (they are recognised by the mirror and not pushed again), so the " +
                    "timed pass sees only the changes (and records modified at the watermark's millisecond). " +
                    "Braze has no change feed: its changes are seen by the profile sweep or the segment export on their own " +
                    "interval, so the incremental stage changes HubSpot and SFMC contacts.", "",
                "| contacts per vendor | echo pass before | changed | wall s | of initial | pulled | pushed | status |",
                "|---|---|---|---|---|---|---|---|",
            ] + incremental + ["", "Where the incremental pass's time went (seconds from the pass's start, in the `vendorsync` process; " +
                "the process's start-up and the OAuth token requests come before):", "",
                "| contacts per vendor | stage | from s | to s | work |", "|---|---|---|---|---|"] + incrementalStages + [""]
        }
        if !push.isEmpty {
            lines += [
                "## Push under the vendors' rate limits (sandbox `--rate-limits vendor`, connector defaults)", "",
                "| vendor | items pushed | batches | s | items/s | ceiling items/s | of ceiling | 429s absorbed | limiter waits | status |",
                "|---|---|---|---|---|---|---|---|---|---|",
            ] + push + [""]
        }
        return lines.joined(separator: "\n")
    }

    /// UTC date and time, `2026-11-30T0612Z`.
    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HHmm'Z'"
        return formatter.string(from: Date())
    }
}

/// A one-line description of this machine: CPU model, cores, memory, kernel.
enum Machine {
    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kib = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }?.split(separator: " ").dropFirst().first
        let memory = kib.flatMap { Int($0) }.map { "\($0 / 1_048_576) GiB RAM" } ?? "unknown RAM"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory), " +
            ProcessInfo.processInfo.operatingSystemVersionString
    }
}
