/// Which pass errors need an operator (and make `/readyz` fail) rather than another try.
enum FatalError {
    /// `true` for a connector error whose code is `authentication`, `permanent` or `configuration` (the engine
    /// reports errors as their redacted description, `ConnectorError(<code>, …): …`).
    static func isFatal(_ description: String) -> Bool {
        ["authentication", "permanent", "configuration"].contains { description.hasPrefix("ConnectorError(\($0)") }
    }
}
