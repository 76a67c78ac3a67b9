import Foundation
import Logging
import Testing
import VendorSyncApp

/// Configuration problems are found when a command starts, exit 78 (EX_CONFIG), and say which file and key.
@Suite struct StartupConfigTests {
    /// A fresh scratch directory holding `vendorsync.yaml` with `yaml`; returns the directory and the file's path.
    func configFile(_ yaml: String) throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("startup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("vendorsync.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return (directory, file.path)
    }

    static let badStartDate = """
        vendors:
          braze:
            restBaseURL: "http://127.0.0.1:1"
            listStartDate: "01/02/2026"
        """

    @Test func badListStartDateFailsAtStartNamingTheKeyAndTheFile() async throws {
        let (directory, path) = try configFile(Self.badStartDate)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try AppConfig.parse(Self.badStartDate, source: path)
        let factory = ConnectorFactory(
            transport: NeverTransport(), secrets: Secrets(environment: SandboxHost.credentials), logger: Logger(label: "t"))
        let error = #expect(throws: ConfigError.self) { _ = try factory.connectors(for: config) }
        #expect(error?.description.hasPrefix("\(path): vendors.braze.listStartDate: expected a date YYYY-MM-DD") == true,
                "\(String(describing: error))")

        let database = directory.appendingPathComponent("vendorsync.sqlite").path
        for command in [["reconcile"], ["run", "--listen", "127.0.0.1:0"]] {
            let result = try await CLIProcess.run(command + ["--config", path, "--db", database],
                                                  environment: SandboxHost.credentials, timeout: .seconds(30))
            #expect(result.status == 78, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("\(path): vendors.braze.listStartDate"), "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func aMissingSecretExits78ForEveryCommandThatReachesAVendor() async throws {
        let (directory, path) = try configFile("vendors:\n  braze:\n    restBaseURL: \"http://127.0.0.1:1\"\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("vendorsync.sqlite").path
        let commands = [["reconcile"], ["run", "--listen", "127.0.0.1:0"], ["dead-letters", "replay", "1"]]
        for command in commands {
            let result = try await CLIProcess.run(command + ["--config", path, "--db", database], timeout: .seconds(30))
            #expect(result.status == 78, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("\(path): vendors.braze: missing secret 'braze-api-key'"), "\(command): \(result.stderr)")
        }
    }
}
