import ConnectorKit
import Logging
import SyncCore
import SyncEngine
import VendorSyncDaemon
import Yams

/// The parsed configuration file (YAML): database, logging, engine settings, conflict policy, and one section per
/// vendor. Vendor sections are kept as YAML nodes and decoded by the connector factory into each connector's own
/// `Configuration`. Secrets are never read from this file (see `Secrets`).
///
/// ```yaml
/// database: /var/lib/vendorsync/vendorsync.sqlite
/// logLevel: info
/// engine: { maxFieldBytes: 65536, maxPushAttempts: 8, defaultCountryCode: "1", pushConcurrency: 4 }
/// policy: { fieldOwners: { lifecycle_stage: hubspot }, clearableFields: [city] }
/// vendors:
///   hubspot: { baseURL: "https://api.hubapi.com", subscriptionTypes: [{ id: "1001", topic: marketing }] }
///   braze: { restBaseURL: "https://rest.iad-01.braze.com" }
/// daemon: { listen: "127.0.0.1:9465", intervalSeconds: 300 }   # `vendorsync run` only, see AppConfig+Daemon
/// ```
public struct AppConfig {
    /// The SQLite file; the `--db` option overrides it.
    public var database: String?
    public var logLevel: Logger.Level
    public var engine: EngineConfiguration
    /// The `daemon` section (`vendorsync run`): listener, poll intervals, shutdown grace.
    public var daemon: DaemonConfiguration
    /// Vendor name → its raw section, in file order.
    public var vendors: [(name: String, section: Node)]
    /// `vendors.<vendor>.rateLimits` by vendor name (see `AppConfig+RateLimits`), removed from `vendors`' sections.
    public var rateLimits: [String: RateLimitOverride] = [:]
    /// Where the configuration came from, for error messages.
    public var source: String

    /// A configuration with no vendors.
    public init(source: String) {
        self.source = source
        database = nil
        logLevel = .info
        engine = EngineConfiguration()
        daemon = DaemonConfiguration()
        vendors = []
    }
}

extension AppConfig {
    static let topLevelKeys: Set<String> = ["database", "logLevel", "engine", "policy", "vendors", "daemon"]
    static let engineKeys: Set<String> = [
        "maxFieldBytes", "maxPagesPerStream", "maxPushAttempts", "retryBaseMs", "retryCapMs", "maxDrainWaitMs",
        "defaultCountryCode", "concurrentVendors", "prefetchPages", "pushConcurrency", "prefetchRecords",
    ]
    static let policyKeys: Set<String> = ["fieldOwners", "clearableFields"]

    /// Parses YAML text.
    /// - Throws: `ConfigError` naming `source` and the offending key: unknown keys, wrong types, bad values.
    public static func parse(_ text: String, source: String) throws -> AppConfig {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return AppConfig(source: source) }
            root = node
        } catch {
            throw ConfigError("\(source): not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let mapping = root.mapping else { throw ConfigError("\(source): the top level must be a mapping of keys") }
        var config = AppConfig(source: source)
        try checkKeys(mapping, allowed: topLevelKeys, path: "", source: source)
        config.database = try string(mapping["database"], key: "database", source: source)
        if let level = try string(mapping["logLevel"], key: "logLevel", source: source) {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ConfigError("\(source): logLevel: '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = parsed
        }
        if let engine = mapping["engine"] { config.engine = try parseEngine(engine, into: config.engine, source: source) }
        if let policy = mapping["policy"] { config.engine.policy = try parsePolicy(policy, source: source) }
        if let daemon = mapping["daemon"] { config.daemon = try parseDaemon(daemon, source: source) }
        if let vendors = mapping["vendors"] {
            guard let sections = vendors.mapping else { throw ConfigError("\(source): vendors: must be a mapping of vendor names") }
            for (key, section) in sections {
                guard let name = key.string else { throw ConfigError("\(source): vendors: names must be strings") }
                guard section.mapping != nil else { throw ConfigError("\(source): vendors.\(name): must be a mapping") }
                let (rest, rateLimits) = try splitRateLimits(section, vendor: name, source: source)
                config.vendors.append((name, rest))
                if let rateLimits { config.rateLimits[name] = rateLimits }
            }
        }
        return config
    }

    static func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>, path: String, source: String) throws {
        for key in mapping.keys {
            let name = key.string ?? "\(key)"
            guard allowed.contains(name) else {
                throw ConfigError("\(source): \(path)\(name): unknown key (expected one of \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    static func string(_ node: Node?, key: String, source: String) throws -> String? {
        guard let node else { return nil }
        guard let value = node.string, node.scalar != nil else { throw ConfigError("\(source): \(key): expected a string") }
        return value
    }

    private static func parseEngine(_ node: Node, into base: EngineConfiguration, source: String) throws -> EngineConfiguration {
        guard let mapping = node.mapping else { throw ConfigError("\(source): engine: must be a mapping") }
        try checkKeys(mapping, allowed: engineKeys, path: "engine.", source: source)
        var engine = base
        func int(_ key: String) throws -> Int? {
            guard let node = mapping[key] else { return nil }
            guard let value = node.int, value > 0 else { throw ConfigError("\(source): engine.\(key): expected a positive whole number") }
            return value
        }
        if let value = try int("maxFieldBytes") { engine.maxFieldBytes = value }
        if let value = try int("maxPagesPerStream") { engine.maxPagesPerStream = value }
        if let value = try int("maxPushAttempts") { engine.maxPushAttempts = value }
        if let value = try int("retryBaseMs") { engine.retryBaseMs = Int64(value) }
        if let value = try int("retryCapMs") { engine.retryCapMs = Int64(value) }
        if let value = try int("maxDrainWaitMs") { engine.maxDrainWaitMs = Int64(value) }
        if let value = try int("pushConcurrency") { engine.pushConcurrency = value }
        if let value = try int("prefetchRecords") { engine.prefetchRecords = value }
        func bool(_ key: String) throws -> Bool? {
            guard let node = mapping[key] else { return nil }
            guard let value = node.bool else { throw ConfigError("\(source): engine.\(key): expected true or false") }
            return value
        }
        if let value = try bool("concurrentVendors") { engine.concurrentVendors = value }
        if let value = try bool("prefetchPages") { engine.prefetchPages = value }
        if let code = try string(mapping["defaultCountryCode"], key: "engine.defaultCountryCode", source: source) {
            guard !code.isEmpty, code.count <= 3, code.allSatisfy(\.isNumber) else {
                throw ConfigError("\(source): engine.defaultCountryCode: expected 1 to 3 digits, e.g. \"1\" or \"44\"")
            }
            engine.defaultCountryCode = code
        }
        return engine
    }

    private static func parsePolicy(_ node: Node, source: String) throws -> ReconcilePolicy {
        guard let mapping = node.mapping else { throw ConfigError("\(source): policy: must be a mapping") }
        try checkKeys(mapping, allowed: policyKeys, path: "policy.", source: source)
        var policy = ReconcilePolicy()
        if let owners = mapping["fieldOwners"] {
            guard let pairs = owners.mapping else { throw ConfigError("\(source): policy.fieldOwners: expected field: vendor pairs") }
            for (field, vendor) in pairs {
                guard let field = field.string, vendor.scalar != nil, let vendor = vendor.string else {
                    throw ConfigError("\(source): policy.fieldOwners: expected field: vendor pairs")
                }
                policy.fieldOwners[field] = VendorName(rawValue: vendor)
            }
        }
        if let fields = mapping["clearableFields"] {
            guard let list = fields.sequence?.compactMap(\.string), list.count == fields.sequence?.count else {
                throw ConfigError("\(source): policy.clearableFields: expected a list of field names")
            }
            policy.clearableFields = Set(list)
        }
        return policy
    }
}
