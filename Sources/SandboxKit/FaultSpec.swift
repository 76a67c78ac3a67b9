import Foundation

/// Which faults to inject and how often, parsed from the CLI form
/// `5xx=0.1,429=0.05,timeout=0.02,malformed=0.01,latency=20ms,token-ttl=60s`.
///
/// Probabilities are per request, in `[0, 1]`, and their sum must not exceed 1: one uniform draw per request from
/// the seeded generator picks at most one of 5xx / 429 / timeout / malformed. `latency` is added to every request.
/// `token-ttl` shortens the lifetime of OAuth access tokens the sandbox issues (HubSpot). `timeout-hold`
/// (default 3 s) is how long a timeout fault holds the request before answering 504.
public struct FaultSpec: Sendable, Equatable {
    /// Probability of a 503.
    public var serverError: Double
    /// Probability of a 429.
    public var rateLimited: Double
    /// Probability of a held request answered 504.
    public var timeout: Double
    /// Probability of a truncated 200 body.
    public var malformed: Double
    /// Delay added to every request, seconds.
    public var latency: Double
    /// Access-token lifetime override, seconds.
    public var tokenTTL: Double?
    /// How long a timeout fault holds the request, seconds.
    public var timeoutHold: Double

    /// No faults.
    public init(
        serverError: Double = 0, rateLimited: Double = 0, timeout: Double = 0, malformed: Double = 0,
        latency: Double = 0, tokenTTL: Double? = nil, timeoutHold: Double = 3
    ) {
        self.serverError = serverError
        self.rateLimited = rateLimited
        self.timeout = timeout
        self.malformed = malformed
        self.latency = latency
        self.tokenTTL = tokenTTL
        self.timeoutHold = timeoutHold
    }

    /// `true` when no fault of any kind is configured.
    public var isEmpty: Bool { self == FaultSpec(timeoutHold: timeoutHold) }

    /// Parses the CLI form; an empty string means no faults.
    /// - Throws: `FaultSpecError` naming the first bad item (unknown name, bad number, bad unit, sum > 1).
    public init(parsing text: String) throws {
        self.init()
        for rawItem in text.split(separator: ",") {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let pieces = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { throw FaultSpecError(item: item, reason: "expected name=value") }
            let (name, value) = (pieces[0], pieces[1])
            switch name {
            case "5xx": serverError = try Self.probability(value, item: item)
            case "429": rateLimited = try Self.probability(value, item: item)
            case "timeout": timeout = try Self.probability(value, item: item)
            case "malformed": malformed = try Self.probability(value, item: item)
            case "latency": latency = try Self.duration(value, item: item)
            case "token-ttl": tokenTTL = try Self.duration(value, item: item)
            case "timeout-hold": timeoutHold = try Self.duration(value, item: item)
            default:
                throw FaultSpecError(
                    item: item,
                    reason:
                        "unknown fault '\(name)' (known: 5xx, 429, timeout, malformed, latency, token-ttl, timeout-hold)"
                )
            }
        }
        if serverError + rateLimited + timeout + malformed > 1 {
            throw FaultSpecError(item: text, reason: "probabilities add up to more than 1")
        }
    }

    private static func probability(_ value: String, item: String) throws -> Double {
        guard let number = Double(value), number >= 0, number <= 1 else {
            throw FaultSpecError(item: item, reason: "probability must be a number between 0 and 1")
        }
        return number
    }

    private static func duration(_ value: String, item: String) throws -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where value.hasSuffix(suffix) {
            if let number = Double(value.dropLast(suffix.count)), number >= 0, number * scale <= 3600 {
                return number * scale
            }
            break
        }
        throw FaultSpecError(
            item: item, reason: "duration must be a number followed by ms, s or m, at most 1 hour (e.g. 20ms)")
    }
}
