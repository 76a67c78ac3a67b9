/// A value that could not be normalised, with the field it came from and why.
///
/// `description` never carries the raw value of an email or phone (personal data); it names the field and the rule.
public struct NormalizationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field or parameter the value came from (e.g. `email`, `lastmodifieddate`).
    public var field: String
    /// What is wrong, without personal data.
    public var reason: String

    /// An error for `field`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
