/// A seed file SFMC's formats cannot describe.
public struct SFMCSeedError: Error, CustomStringConvertible {
    /// The file name within the seed directory.
    public let file: String
    /// What is wrong.
    public let problem: String
    public var description: String { "\(file): \(problem)" }
}
