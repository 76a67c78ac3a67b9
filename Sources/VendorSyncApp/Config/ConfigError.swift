/// A configuration problem, reported as one line naming the file and the key (never a secret's value).
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// An error with a one-line `message`.
    public init(_ message: String) { description = message }
}
