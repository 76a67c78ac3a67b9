import Foundation

/// `vendorsync` run as a child process with its own environment, as an operator runs it.
struct CLIProcess {
    /// The exit status and what the process printed.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `vendorsync arguments` in `directory` (default: the current one) with `environment` on top of this
    /// process's environment less every `VENDORSYNC_*` and `CREDENTIALS_DIRECTORY` variable; waits for it to exit,
    /// or stops it (SIGTERM) after `timeout`.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, timeout: Duration = .seconds(120)
    ) async throws -> Result {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let (out, err) = (work.appendingPathComponent("stdout"), work.appendingPathComponent("stderr"))
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = try DaemonProcesses.binary()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VENDORSYNC_") && $0.key != "CREDENTIALS_DIRECTORY" }
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try await Task.sleep(for: .milliseconds(20))
        }
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }
}
