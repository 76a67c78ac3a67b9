import ConnectorKit
import Yams

/// `vendors.<vendor>.rateLimits`: overrides of the connector's declared rate limits (`RateLimitOverride`), for an
/// account whose limits the vendor raised, or a sandbox started with `--rate-limits off`:
///
/// ```yaml
/// vendors:
///   braze:
///     rateLimits: { users.export.ids: { limit: 2500, perSeconds: 60 } }   # one limit raised
///   hubspot:
///     rateLimits: off                                                     # every declared limit off
/// ```
///
/// The key is read here and removed from the section before the connector decodes it.
extension AppConfig {
    /// Splits `rateLimits` off a vendor section.
    /// - Returns: the section without the key, and the override if the key was present.
    /// - Throws: `ConfigError` naming `vendors.<vendor>.rateLimits…` for a value that is neither `off` nor a
    ///   mapping of limit names to `off` or `{ limit: N, perSeconds: S }` (N ≥ 1, S > 0).
    static func splitRateLimits(_ section: Node, vendor: String, source: String) throws -> (Node, RateLimitOverride?) {
        guard let mapping = section.mapping, let node = mapping["rateLimits"] else { return (section, nil) }
        let rest = Node.Mapping(mapping.filter { $0.key.string != "rateLimits" })
        let path = "\(source): vendors.\(vendor).rateLimits"
        if isOff(node) { return (Node.mapping(rest), .allOff) }
        guard let limits = node.mapping else {
            throw ConfigError("\(path): expected off, or a mapping of limit names to off or { limit: N, perSeconds: S }")
        }
        var settings: [String: RateLimitOverride.Setting?] = [:]
        for (key, value) in limits {
            let name = key.string ?? "\(key)"
            if isOff(value) {
                settings[name] = .some(nil)
                continue
            }
            guard let fields = value.mapping, fields.count == 2, let limit = fields["limit"]?.int, limit >= 1,
                let seconds = fields["perSeconds"]?.float, seconds > 0
            else {
                throw ConfigError("\(path).\(name): expected off or { limit: N, perSeconds: S } with N ≥ 1 and S > 0")
            }
            settings[name] = RateLimitOverride.Setting(limit: limit, per: .milliseconds(Int64((seconds * 1000).rounded())))
        }
        return (Node.mapping(rest), .limits(settings))
    }

    /// `off` (YAML 1.1 reads an unquoted `off` as false, so both spellings count).
    private static func isOff(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.string.lowercased() == "off" || scalar.string.lowercased() == "false"
    }
}
