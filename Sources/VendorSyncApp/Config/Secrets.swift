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

    /// The secret called `name`, needed by `vendors.<vendor>` of the configuration file `source`.
    /// - Parameter alternative: another way to satisfy the need, appended to the message (e.g. OAuth secrets).
    /// - Throws: `ConfigError` when missing, as one line naming the file, the vendor, the secret, the environment
    ///   variable and the credential file looked for (the path itself when `$CREDENTIALS_DIRECTORY` is set).
    public func required(_ name: String, for vendor: String, source: String, alternative: String? = nil) throws -> String {
        guard let value = try value(name) else { throw missing(name, for: vendor, source: source, alternative: alternative) }
        return value
    }

    /// The error for secret `name` found in neither place (see `required`).
    public func missing(_ name: String, for vendor: String, source: String, alternative: String? = nil) -> ConfigError {
        let file: String
        if let directory = environment["CREDENTIALS_DIRECTORY"] {
            file = "no credential file \((directory as NSString).appendingPathComponent(name))"
        } else {
            file = "no credential file $CREDENTIALS_DIRECTORY/\(name) (CREDENTIALS_DIRECTORY is not set)"
        }
        return ConfigError(
            "\(source): vendors.\(vendor): missing secret '\(name)': \(Self.variable(for: name)) is not set and \(file)"
                + (alternative.map { "; \($0)" } ?? "")
        )
    }

    /// The environment variable that carries secret `name`.
    public static func variable(for name: String) -> String {
        "VENDORSYNC_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }
}
