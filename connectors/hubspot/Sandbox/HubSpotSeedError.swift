/// A seed file HubSpotSandbox could not load.
public struct HubSpotSeedError: Error, CustomStringConvertible {
    /// File name inside the seed directory.
    public let file: String
    /// What is wrong with it.
    public let problem: String
    /// `file: problem`.
    public var description: String { "\(file): \(problem)" }
}
