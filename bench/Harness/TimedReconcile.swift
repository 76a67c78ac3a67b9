import Foundation
import SyncEngine

/// One `vendorsync reconcile --config FILE --json` run under `/usr/bin/time -v`.
struct TimedReconcile {
    /// The engine's report of the pass (per stream and per vendor, with times in UTC ms).
    var report: PassReport
    /// Wall time of the whole process (s), as `/usr/bin/time` measured it.
    var wallSeconds: Double
    /// Peak resident set size of the process (KiB).
    var peakRSSKiB: Int
    /// Size of the database file and its WAL after the run (bytes).
    var databaseBytes: Int64

    /// Runs the pass; `secrets` are the sandbox credentials as `VENDORSYNC_*` variables.
    /// - Throws: `BenchError` when the process fails to start, exits with a status other than 0 or 3 (some streams
    ///   failed: still reported), or prints no report.
    static func run(binary: String, config: String, database: String, secrets: [String: String], logPath: String) throws -> TimedReconcile {
        let child = try ChildProcess(
            "/usr/bin/time", ["-v", binary, "reconcile", "--config", config, "--json"], environment: secrets, errorPath: logPath)
        let (stdout, status) = child.finish()
        let stderr = child.errorText
        guard status == 0 || status == 3 else { throw BenchError("reconcile exited \(status): \(stderr.suffix(800))") }
        let report: PassReport
        do {
            report = try JSONDecoder().decode(PassReport.self, from: Data(stdout.utf8))
        } catch {
            throw BenchError("reconcile printed no report (\(error)): \(stdout.prefix(300)) \(stderr.suffix(500))")
        }
        var databaseBytes: Int64 = 0
        for suffix in ["", "-wal"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: database + suffix)[.size] as? NSNumber)?.int64Value
            databaseBytes += size ?? 0
        }
        return TimedReconcile(
            report: report, wallSeconds: Self.wallSeconds(stderr), peakRSSKiB: Self.field(stderr, "Maximum resident set size (kbytes)"),
            databaseBytes: databaseBytes)
    }

    /// `Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50` → 62.5.
    static func wallSeconds(_ text: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Elapsed (wall clock)") }),
              let value = line.split(separator: " ").last else { return 0 }
        return value.split(separator: ":").reduce(0.0) { $0 * 60 + (Double($1) ?? 0) }
    }

    static func field(_ text: String, _ name: String) -> Int {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(name) }),
              let value = line.split(separator: " ").last else { return 0 }
        return Int(value) ?? 0
    }
}
