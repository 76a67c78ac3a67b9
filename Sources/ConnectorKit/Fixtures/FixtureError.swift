/// Why a fixture transport refused: the conversation did not go as recorded.
public struct FixtureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unexpectedRequest, noMoreFixtures, unusedFixtures, unreadableFixture, writeFailed
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The request differs from the next recorded one (method, path, query or body).
        public static let unexpectedRequest = Code(.unexpectedRequest)
        /// A request arrived after every recorded pair was used.
        public static let noMoreFixtures = Code(.noMoreFixtures)
        /// `assertAllConsumed()` found recorded pairs that were never requested.
        public static let unusedFixtures = Code(.unusedFixtures)
        /// A fixture file is missing its partner or is not valid fixture JSON.
        public static let unreadableFixture = Code(.unreadableFixture)
        /// The recorder could not write a file.
        public static let writeFailed = Code(.writeFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What differed, naming the fixture number; values are redacted (secrets, emails masked).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "FixtureError(\(code)): \(message)" }
}
