import SyncCore
import VendorSyncDaemon
import Yams

/// The `daemon` section, read by `vendorsync run` (other commands accept and ignore it):
///
/// ```yaml
/// daemon:
///   listen: "127.0.0.1:9465"          # HOST:PORT of /healthz, /readyz, /metrics, /webhooks/<vendor>
///   publicBaseURL: "https://sync.example.com"   # the URL vendors call, when a proxy is in front (signatures)
///   intervalSeconds: 300              # every stream without its own interval
///   jitter: 0.1                       # ±10 % on each wait
///   drainIntervalSeconds: 15          # outbox retries that came due
///   shutdownGraceSeconds: 20          # keep below the unit's TimeoutStopSec
///   vendors:
///     hubspot: { intervalSeconds: 120, streams: { contacts: 60, email_events: 600 } }
/// ```
extension AppConfig {
    static let daemonKeys: Set<String> = [
        "listen", "publicBaseURL", "intervalSeconds", "jitter", "drainIntervalSeconds", "shutdownGraceSeconds", "vendors",
    ]
    static let daemonVendorKeys: Set<String> = ["intervalSeconds", "streams"]

    /// Parses the `daemon` section.
    /// - Throws: `ConfigError` naming `daemon.<key>` for unknown keys and bad values.
    static func parseDaemon(_ node: Node, source: String) throws -> DaemonConfiguration {
        guard let mapping = node.mapping else { throw ConfigError("\(source): daemon: must be a mapping") }
        try checkKeys(mapping, allowed: daemonKeys, path: "daemon.", source: source)
        var daemon = DaemonConfiguration()
        if let listen = try string(mapping["listen"], key: "daemon.listen", source: source) {
            (daemon.host, daemon.port) = try parseListen(listen, key: "daemon.listen", source: source)
        }
        daemon.router.publicBaseURL = try string(mapping["publicBaseURL"], key: "daemon.publicBaseURL", source: source)
        if let value = try seconds(mapping["intervalSeconds"], key: "daemon.intervalSeconds", source: source) {
            daemon.defaultInterval = value
        }
        if let value = try seconds(mapping["drainIntervalSeconds"], key: "daemon.drainIntervalSeconds", source: source) {
            daemon.drainInterval = value
        }
        if let value = try seconds(mapping["shutdownGraceSeconds"], key: "daemon.shutdownGraceSeconds", source: source) {
            daemon.shutdownGrace = value
        }
        if let jitter = mapping["jitter"] {
            guard let value = jitter.float, (0...1).contains(value) else {
                throw ConfigError("\(source): daemon.jitter: expected a fraction from 0 to 1, e.g. 0.1")
            }
            daemon.jitter = value
        }
        if let vendors = mapping["vendors"] {
            guard let sections = vendors.mapping else { throw ConfigError("\(source): daemon.vendors: must be a mapping of vendor names") }
            for (key, section) in sections {
                let name = key.string ?? "\(key)"
                let path = "daemon.vendors.\(name)"
                guard let fields = section.mapping else { throw ConfigError("\(source): \(path): must be a mapping") }
                try checkKeys(fields, allowed: daemonVendorKeys, path: path + ".", source: source)
                let vendor = VendorName(rawValue: name)
                daemon.vendorIntervals[vendor] = try seconds(fields["intervalSeconds"], key: path + ".intervalSeconds", source: source)
                if let streams = fields["streams"] {
                    guard let pairs = streams.mapping else { throw ConfigError("\(source): \(path).streams: expected stream: seconds pairs") }
                    for (stream, value) in pairs {
                        let streamName = stream.string ?? "\(stream)"
                        daemon.streamIntervals[vendor, default: [:]][streamName] = try seconds(
                            value, key: "\(path).streams.\(streamName)", source: source
                        )
                    }
                }
            }
        }
        return daemon
    }

    /// `HOST:PORT` (IPv6 as `[::1]:9465`).
    /// - Throws: `ConfigError` naming `key`.
    static func parseListen(_ text: String, key: String, source: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ConfigError("\(source): \(key): expected HOST:PORT, e.g. 127.0.0.1:9465")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigError("\(source): \(key): expected HOST:PORT, e.g. 127.0.0.1:9465") }
        return (host, port)
    }

    private static func seconds(_ node: Node?, key: String, source: String) throws -> Duration? {
        guard let node else { return nil }
        guard node.scalar != nil, let value = node.float, value > 0 else {
            throw ConfigError("\(source): \(key): expected a positive number of seconds")
        }
        return .milliseconds(Int64(value * 1000))
    }
}
