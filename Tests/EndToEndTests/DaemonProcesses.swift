import Foundation
import SyncStore
import VendorSyncApp

/// `vendorsync sandbox` and `vendorsync run` as child processes of the test, so what a timing test measures is the
/// daemon's own path, not how long the test process (running the whole suite in parallel) takes to schedule it.
/// The binary is the `vendorsync` built next to the test bundle (`swift test` builds it).
struct DaemonProcesses {
    let work: URL
    let sandbox: Process
    let daemon: Process
    let hubspot: URL
    let port: Int
    let store: SyncStore

    /// The `vendorsync` executable next to the running test bundle.
    static func binary() throws -> URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = exe.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("vendorsync")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw ProcessFailure("no vendorsync executable next to \(exe.path); run `swift build` first")
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Starts the sandbox with `seed`, then the daemon with `daemonYAML` appended to the sandbox's configuration
    /// and `environment` added; returns once the daemon listens and its `readyStream` cursor exists.
    static func start(seed: URL, daemonYAML: String, environment: [String: String], readyStream: String) async throws -> DaemonProcesses {
        let binary = try binary()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let sandbox = try launch(binary, ["sandbox", "--seed", seed.path, "--hubspot-port", "0", "--braze-port", "0", "--sfmc-port", "0"],
                                 output: work.appendingPathComponent("sandbox.out"), environment: [:])
        var urls: [String: URL] = [:]
        let deadline = ContinuousClock.now + .seconds(60)
        while urls.count < 3, ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: work.appendingPathComponent("sandbox.out"), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count >= 2, ["hubspot", "braze", "sfmc"].contains(String(parts[0])) { urls[String(parts[0])] = URL(string: String(parts[1])) }
            }
            if urls.count < 3 { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let hubspot = urls["hubspot"], urls.count == 3 else {
            sandbox.terminate()
            throw ProcessFailure("sandbox did not start")
        }
        let yaml = "logLevel: notice\n" + SandboxHost.configuration(for: urls.map { ($0.key, $0.value, "") }) + "\n" + daemonYAML
        try yaml.write(to: work.appendingPathComponent("vendorsync.yaml"), atomically: true, encoding: .utf8)
        let database = work.appendingPathComponent("vendorsync.sqlite").path
        var daemonEnvironment = SandboxHost.credentials
        daemonEnvironment.merge(environment) { $1 }
        let daemon = try launch(binary, ["run", "--config", work.appendingPathComponent("vendorsync.yaml").path, "--db", database],
                                output: work.appendingPathComponent("daemon.log"), environment: daemonEnvironment)
        var port = 0
        while port == 0, ContinuousClock.now < deadline, daemon.isRunning {
            let log = (try? String(contentsOf: work.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.hasSuffix("] listening") }),
               let range = line.range(of: #"port=(\d+)"#, options: .regularExpression) {
                port = Int(line[range].dropFirst(5)) ?? 0
            }
            if port == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard port != 0 else {
            daemon.terminate()
            sandbox.terminate()
            let log = (try? String(contentsOf: work.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? ""
            throw ProcessFailure("daemon did not listen: \(log.suffix(2000))")
        }
        let store = try SyncStore(path: database)
        while ContinuousClock.now < deadline {
            let cursors = try await store.read { tx in try tx.cursors().map { "\($0.vendor)/\($0.stream)" } }
            if cursors.contains(readyStream) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return DaemonProcesses(work: work, sandbox: sandbox, daemon: daemon, hubspot: hubspot, port: port, store: store)
    }

    private static func launch(_ binary: URL, _ arguments: [String], output: URL, environment: [String: String]) throws -> Process {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits (at most 60 s) until no cursor was committed and the outbox depth did not change for 1.5 s: the
    /// daemon's first passes and pushes are over.
    func waitUntilQuiet() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        var last: (Int64, Int)? = nil
        var stableSince = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let now = (try await store.read { tx in (try tx.cursors().map(\.updatedAt).max() ?? 0, try tx.outboxDepth()) })
            if let last, last == now {
                if ContinuousClock.now - stableSince >= .milliseconds(1500) { return }
            } else {
                stableSince = ContinuousClock.now
            }
            last = now
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The last `lines` lines of the daemon's log (stderr), for a failure's message.
    func log(lines: Int) -> String {
        let text = (try? String(contentsOf: work.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// SIGTERM to both; waits (without blocking a thread) until they exited, at most 20 s, then SIGKILL.
    func stop() async {
        for process in [daemon, sandbox] {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(20)
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: work)
    }
}
