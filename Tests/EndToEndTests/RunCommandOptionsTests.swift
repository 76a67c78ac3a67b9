import ArgumentParser
import Testing
import VendorSyncApp

/// `vendorsync run` cannot start without a configuration file, and its help says so.
@Suite struct RunCommandOptionsTests {
    @Test func configIsARequiredOptionOfRun() async throws {
        let help = try await CLIProcess.run(["run", "--help"])
        #expect(help.status == 0)
        let usage = try #require(help.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE:") }, "\(help.stdout)")
        #expect(usage.contains(" --config <config>"), "\(usage)")
        #expect(!usage.contains("[--config <config>]"), "\(usage)")

        do {
            _ = try VendorSyncCommand.parseAsRoot(["run", "--db", "x.sqlite"])
            Issue.record("run parsed without --config")
        } catch {
            #expect(VendorSyncCommand.message(for: error).contains("--config"))
            #expect(VendorSyncCommand.exitCode(for: error) == .validationFailure)
        }
    }
}
