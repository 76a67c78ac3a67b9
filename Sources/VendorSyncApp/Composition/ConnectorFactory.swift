import BrazeConnector
import ConnectorKit
import Foundation
import HubSpotConnector
import Logging
import SFMCConnector
import Yams

/// Builds the configured connectors from their YAML sections and the secrets.
///
/// Each section decodes into the connector's own `Configuration`; keys it does not know fail fast, and keys that
/// would carry a secret (`auth`, `apiKey`) are refused: secrets come from `Secrets` only.
public struct ConnectorFactory: Sendable {
    public let transport: any HTTPTransport
    public let secrets: Secrets
    public let logger: Logger

    /// A factory sharing one transport.
    public init(transport: any HTTPTransport, secrets: Secrets = Secrets(), logger: Logger) {
        self.transport = transport
        self.secrets = secrets
        self.logger = logger
    }

    /// The vendors this build knows.
    public static let knownVendors = ["hubspot", "braze", "sfmc"]

    /// One connector per configured vendor, in file order.
    /// - Throws: `ConfigError` naming the file, vendor and key.
    public func connectors(for config: AppConfig) throws -> [any VendorConnector] {
        try config.vendors.map { name, section in try connector(name: name, section: section, source: config.source) }
    }

    /// Applies `config.rateLimits` (`vendors.<vendor>.rateLimits`) to the connectors' HTTP clients; call before
    /// the first request.
    /// - Throws: `ConfigError` naming `vendors.<vendor>.rateLimits` for an unknown limit name, or a connector whose
    ///   client takes no override.
    public static func applyRateLimits(_ config: AppConfig, to connectors: [any VendorConnector]) async throws {
        for (vendor, override) in config.rateLimits.sorted(by: { $0.key < $1.key }) {
            guard let connector = connectors.first(where: { $0.vendor.rawValue == vendor }) else { continue }
            guard let overridable = connector as? any RateLimitOverridable else {
                throw ConfigError("\(config.source): vendors.\(vendor).rateLimits: this connector's limits cannot be overridden")
            }
            do {
                try await overridable.httpClient.override(override)
            } catch let error as ConnectorError {
                throw ConfigError("\(config.source): vendors.\(vendor).\(error.message)")
            }
        }
    }

    func connector(name: String, section: Node, source: String) throws -> any VendorConnector {
        switch name {
        case "hubspot":
            var configuration: HubSpotConnector.Configuration = try decode(section, vendor: name, source: source, secretKeys: ["auth"])
            configuration.auth = try hubSpotAuth(source: source)
            return HubSpotConnector(configuration: configuration, transport: transport, logger: logger.with(vendor: name))
        case "braze":
            var configuration: BrazeConnector.Configuration = try decode(section, vendor: name, source: source, secretKeys: ["apiKey"])
            configuration.apiKey = try secrets.required("braze-api-key", for: name, source: source)
            do {
                return try BrazeConnector(configuration: configuration, transport: transport, logger: logger.with(vendor: name))
            } catch {
                throw ConfigError("\(source): vendors.braze: \(error)")
            }
        case "sfmc":
            var configuration: SFMCConnector.Configuration = try decode(section, vendor: name, source: source, secretKeys: ["clientSecret"])
            configuration.clientSecret = try secrets.required("sfmc-client-secret", for: name, source: source)
            if let clientID = try secrets.value("sfmc-client-id") { configuration.clientId = clientID }
            guard !configuration.clientId.isEmpty else {
                throw ConfigError("\(source): vendors.sfmc.clientId: required (in the file, or as secret sfmc-client-id)")
            }
            return SFMCConnector(configuration: configuration, transport: transport, logger: logger.with(vendor: name))
        default:
            throw ConfigError("\(source): vendors.\(name): unknown vendor (known: \(Self.knownVendors.joined(separator: ", ")))")
        }
    }

    /// A private app token, else OAuth from a refresh token with the app's client id and secret.
    /// - Throws: `ConfigError` naming `source` and the secret missing.
    private func hubSpotAuth(source: String) throws -> HubSpotConnector.Auth {
        if let token = try secrets.value("hubspot-token") { return .privateApp(token: token) }
        if let refresh = try secrets.value("hubspot-refresh-token") {
            return .oauth(
                clientId: try secrets.required("hubspot-client-id", for: "hubspot", source: source),
                clientSecret: try secrets.required("hubspot-client-secret", for: "hubspot", source: source),
                refreshToken: refresh
            )
        }
        throw secrets.missing(
            "hubspot-token", for: "hubspot", source: source,
            alternative: "for OAuth instead set hubspot-refresh-token, hubspot-client-id and hubspot-client-secret the same way"
        )
    }

    /// Decodes a vendor section, refusing secret keys and keys the configuration type does not know.
    func decode<T: Codable>(_ section: Node, vendor: String, source: String, secretKeys: Set<String>) throws -> T {
        let keys = section.mapping?.keys.compactMap(\.string) ?? []
        if let secret = keys.first(where: secretKeys.contains) {
            throw ConfigError("\(source): vendors.\(vendor).\(secret): secrets are not read from the configuration file; use the environment or $CREDENTIALS_DIRECTORY")
        }
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: section)
        } catch let error as DecodingError {
            throw ConfigError("\(source): vendors.\(vendor).\(Self.describe(error))")
        }
        let known = Set(((try? JSONSerialization.jsonObject(with: JSONEncoder().encode(value))) as? [String: Any])?.keys.map { $0 } ?? [])
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw ConfigError("\(source): vendors.\(vendor).\(unknown): unknown key (expected one of \(known.sorted().joined(separator: ", ")))")
        }
        return value
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let prefix = path(context)
            return (prefix.isEmpty ? "" : prefix + ".") + key.stringValue + ": required key is missing"
        case let .typeMismatch(type, context): return "\(path(context)): expected \(type)"
        case let .valueNotFound(type, context): return "\(path(context)): expected \(type), found nothing"
        case let .dataCorrupted(context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension Logger {
    /// A copy with `vendor` metadata.
    func with(vendor: String) -> Logger {
        var copy = self
        copy[metadataKey: "vendor"] = "\(vendor)"
        return copy
    }
}
