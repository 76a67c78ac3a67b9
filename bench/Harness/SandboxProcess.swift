import Foundation

/// `vendorsync sandbox` on free ports, with generated contacts, for one benchmark stage.
struct SandboxProcess {
    let child: ChildProcess
    /// Vendor name → base URL, as the sandbox printed them.
    let urls: [String: String]

    /// Starts the sandbox with `contacts` generated contacts per vendor and `rateLimits` (`off` or `vendor`) and waits
    /// until it prints the three base URLs (generation of 1M contacts takes a while).
    /// - Throws: `BenchError` when the sandbox exits before printing them.
    static func start(binary: String, contacts: Int, rateLimits: String, logPath: String) throws -> SandboxProcess {
        let child = try ChildProcess(binary, [
            "sandbox", "--contacts", String(contacts), "--rate-limits", rateLimits,
            "--hubspot-port", "0", "--braze-port", "0", "--sfmc-port", "0",
        ], errorPath: logPath)
        var urls: [String: String] = [:]
        while urls.count < 3, let line = child.readLine() {
            let words = line.split(separator: " ")
            if words.count >= 2, ["hubspot", "braze", "sfmc"].contains(String(words[0])) {
                urls[String(words[0])] = String(words[1])
            }
        }
        guard urls.count == 3 else {
            child.stop()
            throw BenchError("sandbox did not start: \(child.errorText.suffix(500))")
        }
        return SandboxProcess(child: child, urls: urls)
    }

    /// Peak resident memory of the sandbox process so far (KiB), from `/proc/<pid>/status` `VmHWM`.
    var peakRSSKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(child.process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    func stop() { child.stop() }
}
