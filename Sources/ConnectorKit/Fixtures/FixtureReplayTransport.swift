import Foundation

/// Replays a recorded scenario (see `FixtureFormat` for the files) in order, for tests.
///
/// Each request is matched against the next unused pair: method, percent-encoded path, query items (as a multiset,
/// percent-decoded, secret values compared as `REDACTED`), and the body (JSON semantically with secret values
/// redacted; text after redaction; binary byte for byte; skipped when `ignoreBody` is set). **Not compared:**
/// scheme, host, port and headers (base URLs and credentials differ between recording and replay). The recorded
/// response is returned as is.
public final class FixtureReplayTransport: HTTPTransport {
    private let exchanges: [RecordedExchange]
    private let redactor: Redactor
    private let next = Locked(0)
    private let scenario: String

    /// Loads every `NNN.request.json`/`NNN.response.json` pair of `directory`.
    /// - Parameter redactor: must redact at least what the recorder did (default: `Redactor.default`).
    /// - Throws: `FixtureError(.unreadableFixture)` for a missing partner file or invalid JSON.
    public init(directory: URL, redactor: Redactor = .default) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw FixtureError(.unreadableFixture, "cannot list fixture directory \(directory.lastPathComponent)")
        }
        let numbers = Set(
            names.compactMap { name -> String? in
                guard name.hasSuffix(".request.json") || name.hasSuffix(".response.json") else { return nil }
                return String(name.prefix { $0 != "." })
            }
        ).sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
        exchanges = try numbers.map { number in
            let request = directory.appendingPathComponent("\(number).request.json")
            let response = directory.appendingPathComponent("\(number).response.json")
            guard names.contains(request.lastPathComponent), names.contains(response.lastPathComponent) else {
                throw FixtureError(.unreadableFixture, "fixture \(number) needs both .request.json and .response.json")
            }
            return try RecordedExchange(
                number: number, request: FixtureFormat.readObject(request), response: FixtureFormat.readObject(response)
            )
        }
        self.redactor = redactor
        self.scenario = directory.deletingLastPathComponent().lastPathComponent + "/" + directory.lastPathComponent
    }

    /// Loads `root/<vendor>/<scenario>/`.
    public convenience init(root: URL, vendor: String, scenario: String, redactor: Redactor = .default) throws {
        try self.init(
            directory: root.appendingPathComponent(vendor).appendingPathComponent(scenario), redactor: redactor)
    }

    /// The number of recorded pairs.
    public var count: Int { exchanges.count }
    /// The number of pairs used so far.
    public var consumed: Int { next.current }

    /// Returns the next recorded response if `request` matches the next recorded request.
    /// - Throws: `FixtureError(.unexpectedRequest)` naming the fixture and the first difference (the pair is not
    ///   consumed), `FixtureError(.noMoreFixtures)` after the last pair.
    public func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        try next.withLock { index in
            guard index < exchanges.count else {
                throw FixtureError(
                    .noMoreFixtures,
                    "\(scenario): request \(request.method.rawValue) \(describe(request)) "
                        + "after all \(exchanges.count) fixtures were used"
                )
            }
            let exchange = exchanges[index]
            if let difference = exchange.mismatch(request, redactor: redactor) {
                throw FixtureError(
                    .unexpectedRequest,
                    "\(scenario) fixture \(exchange.number) (\(exchange.method) \(exchange.path)): \(difference)")
            }
            index += 1
            return exchange.response
        }
    }

    /// Throws unless every recorded pair was requested.
    /// - Throws: `FixtureError(.unusedFixtures)` listing the unused fixture numbers.
    public func assertAllConsumed() throws {
        let used = next.current
        guard used < exchanges.count else { return }
        let unused = exchanges[used...].map { "\($0.number) (\($0.method) \($0.path))" }
        throw FixtureError(
            .unusedFixtures, "\(scenario): \(unused.count) unused fixture(s): \(unused.joined(separator: ", "))")
    }

    private func describe(_ request: TransportRequest) -> String {
        redactor.redact(text: FixtureFormat.pathAndQuery(of: request.url).path)
    }
}
