/// A seed file BrazeSandbox could not load.
public struct BrazeSeedError: Error, CustomStringConvertible {
    /// File name inside the seed directory.
    public let file: String
    /// What is wrong with it.
    public let problem: String
    /// `file: problem`.
    public var description: String { "\(file): \(problem)" }
}
