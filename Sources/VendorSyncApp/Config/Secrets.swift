import Foundation

/// Reads secrets from systemd credentials (`$CREDENTIALS_DIRECTORY/<name>`, `LoadCredential=`) or the environment
/// (`VENDORSYNC_<NAME>`, upper-cased, dashes as underscores). Never from the configuration file or the repository.
public struct Secrets: Sendable {
    let environment: [String: String]

    /// Secrets from `environment` (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The secret called `name` (e.g. `hubspot-token`), or `nil` when neither source has it.
    /// - Throws: `ConfigError` when the credentials file exists but cannot be read.
    public func value(_ name: String) throws -> String? {
        if let directory = environment["CREDENTIALS_DIRECTORY"] {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ConfigError("credential \(name): cannot read \(path)")
                }
                return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        let variable = Self.variable(for: name)
        if let value = environment[variable], !value.isEmpty { return value }
        return nil
    }

    /// The secret called `name`.
    /// - Throws: `ConfigError` naming both places it was looked for, when missing.
    public func required(_ name: String, for vendor: String) throws -> String {
        guard let value = try value(name) else {
            throw ConfigError(
                "vendors.\(vendor): missing secret '\(name)': set \(Self.variable(for: name)) or provide credential \(name) in $CREDENTIALS_DIRECTORY"
            )
        }
        return value
    }

    /// The environment variable that carries secret `name`.
    public static func variable(for name: String) -> String {
        "VENDORSYNC_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }
}
