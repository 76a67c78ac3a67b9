import ArgumentParser
import Foundation

/// `swift run -c release vendorsync-bench`: the benchmark harness (see bench/README.md).
@main
struct VendorSyncBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendorsync-bench", abstract: "VendorSync's benchmarks against its sandbox.",
        subcommands: [BenchRun.self, PullOnly.self], defaultSubcommand: BenchRun.self)
}

/// `vendorsync-bench run` (the default): starts `vendorsync sandbox` and times `vendorsync reconcile` as separate
/// processes through the initial, incremental and rate-limited push stages, and writes a Markdown table.
struct BenchRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Initial sync, incremental pass and rate-limited push of VendorSync against its sandbox.")

    @Option(help: "The vendorsync binary (build it with `swift build -c release --product vendorsync`).")
    var binary = ".build/release/vendorsync"

    @Option(help: "Contacts per vendor for the initial and incremental stages, comma-separated.")
    var sizes = "10000,100000"

    @Option(help: "Contacts changed per vendor in the rate-limited push stage (0 skips it).")
    var pushItems = 20_000

    @Option(help: "Vendors to configure, comma-separated (hubspot, braze, sfmc).")
    var vendors = "hubspot,braze,sfmc"

    @Flag(help: "Skip the incremental pass after each initial sync.")
    var noIncremental = false

    @Option(help: "Directory of the results table.")
    var out = "bench/results"

    @Option(help: "Scratch directory (databases, logs, configs); git-ignored.")
    var work = "bench/results/tmp"

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("\(binary) not found: build it with `swift build -c release --product vendorsync`")
        }
        let counts = try sizes.split(separator: ",").map { text -> Int in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw ValidationError("--sizes: '\(text)' is not a positive number")
            }
            return value
        }
        let chosen = Set(vendors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard !chosen.isEmpty, chosen.isSubset(of: ["hubspot", "braze", "sfmc"]) else {
            throw ValidationError("--vendors: expected a comma-separated subset of hubspot, braze, sfmc")
        }
        let stages = Stages(binary: binary, work: work, vendors: chosen)
        var initial: [String] = [], streams: [String] = [], incremental: [String] = [], breakdown: [String] = []
        for count in counts {
            let result = try await stages.initialAndIncremental(contacts: count, incremental: !noIncremental)
            initial += result.initial
            streams += result.streams
            incremental += result.incremental
            breakdown += result.stages
        }
        let push = pushItems > 0 ? try await stages.rateLimitedPush(items: pushItems) : []
        let table = Report(machine: Machine.describe(), initial: initial, streams: streams, incremental: incremental, incrementalStages: breakdown, push: push)
            .markdown()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = "\(out)/bench-\(Report.stamp()).md"
        try table.write(toFile: path, atomically: true, encoding: .utf8)
        print(table)
        print("Written to \(path)")
    }
}
