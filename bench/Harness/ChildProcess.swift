import Foundation

/// A child process of the harness: `vendorsync sandbox` (kept running) or a timed `vendorsync reconcile`.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors: FileHandle
    /// Path of the file receiving the child's stderr (logs, `/usr/bin/time -v`).
    let errorPath: String

    /// Starts `executable` with `arguments`; stderr goes to `errorPath`, stdout to a pipe read by `readLine`/`readAll`.
    /// - Throws: when the executable cannot be started.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], errorPath: String) throws {
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: errorPath) else { throw BenchError("cannot write \(errorPath)") }
        errors = handle
        self.errorPath = errorPath
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = output
        process.standardError = handle
        try process.run()
    }

    private var buffer = Data()

    /// The next stdout line, or `nil` at end of output.
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(chunk)
        }
    }

    /// All remaining stdout, then waits for the exit; returns (stdout, exit status).
    func finish() -> (String, Int32) {
        var text = String(decoding: buffer, as: UTF8.self)
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? errors.close()
        return (text, process.terminationStatus)
    }

    /// Sends SIGTERM and waits for the exit.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? errors.close()
    }

    /// The child's stderr so far.
    var errorText: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
}

/// A harness failure with its reason.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
