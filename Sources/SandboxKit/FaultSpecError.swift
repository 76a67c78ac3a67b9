/// A `--faults` string that could not be parsed; `description` names the offending item.
public struct FaultSpecError: Error, CustomStringConvertible, Equatable {
    /// The item as written, e.g. `5xx=2`.
    public let item: String
    /// Why it was refused.
    public let reason: String

    /// A readable one-line explanation.
    public var description: String { "invalid fault item '\(item)': \(reason)" }
}
