import ArgumentParser
import Foundation
import SandboxKit

/// `vendorsync sandbox`: the local vendor emulators, until SIGINT or SIGTERM.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run local emulators of the vendor APIs on 127.0.0.1 until interrupted.",
        discussion: "Prints one line per vendor with its base URL and credentials once listening. Seeds from --seed DIR, or generates --contacts N per vendor, else starts empty."
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "HubSpot emulator port.") var hubspotPort = 18081
    @Option(help: "Braze emulator port.") var brazePort = 18082
    @Option(help: "SFMC emulator port (auth, REST and SOAP).") var sfmcPort = 18083
    @Option(help: "Generate this many contacts per vendor (deterministic from --random-seed).") var contacts: Int?
    @Option(help: "Seed of the generated data and of fault injection.") var randomSeed: UInt64 = 1
    @Option(help: "Seed directory with hubspot/, braze/ and sfmc/ files in the vendors' formats (e.g. fixtures/demo).") var seed: String?
    @Option(help: "Faults: 5xx=P,429=P,timeout=P,malformed=P (probabilities 0-1), latency=20ms, token-ttl=60s.") var faults: String?
    @Option(help: "vendor: apply each vendor's documented limits and headers; off: no limits (benchmarks).") var rateLimits = "vendor"

    func run() async throws {
        var options = SandboxHost.Options()
        options.host = host
        options.hubspotPort = hubspotPort
        options.brazePort = brazePort
        options.sfmcPort = sfmcPort
        options.contacts = contacts
        options.randomSeed = randomSeed
        options.seedDirectory = seed.map { URL(fileURLWithPath: $0) }
        do {
            if let faults { options.faults = try FaultSpec(parsing: faults) }
            guard let mode = RateLimitMode(rawValue: rateLimits) else { throw ConfigError("--rate-limits: expected vendor or off") }
            options.rateLimits = mode
        } catch {
            throw fail("\(error)", code: 64)
        }
        let sandboxes: SandboxHost
        do {
            sandboxes = try SandboxHost(options: options)
        } catch {
            throw fail("\(error)", code: 66)
        }
        for (vendor, url, credentials) in try await sandboxes.start() {
            print("\(vendor) \(url.absoluteString) \(credentials)")
        }
        fflush(nil)
        await SignalWaiter.waitForTermination()
        await sandboxes.stop()
    }
}

/// Waits for SIGINT or SIGTERM without terminating the process.
enum SignalWaiter {
    static func waitForTermination() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "vendorsync.signals")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
            for source in sources {
                source.setEventHandler {
                    guard once.claim() else { return }
                    sources.forEach { $0.cancel() }
                    continuation.resume()
                }
                source.resume()
            }
        }
    }
}

/// A flag that can be claimed once, from any thread.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
