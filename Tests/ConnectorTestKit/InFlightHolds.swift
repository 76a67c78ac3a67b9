/// The pushes in flight at a test vendor and the keys each holds (person refs, addresses, external ids): counts the
/// most in flight at once and notes every key received while another push in flight held it.
public struct InFlightHolds: Sendable {
    /// Pushes in flight now.
    public private(set) var inFlight = 0
    /// The most pushes in flight at once so far.
    public private(set) var most = 0
    /// Keys received while another push in flight held them, in the order received.
    public private(set) var overlaps: [String] = []
    private var held: [String: Int] = [:]

    /// No push in flight.
    public init() {}

    /// A push holding `keys` starts.
    public mutating func enter(_ keys: Set<String>) {
        inFlight += 1
        most = max(most, inFlight)
        for key in keys {
            if held[key] != nil { overlaps.append(key) }
            held[key, default: 0] += 1
        }
    }

    /// A push holding `keys` ended.
    public mutating func leave(_ keys: Set<String>) {
        inFlight -= 1
        for key in keys {
            held[key, default: 1] -= 1
            if held[key] == 0 { held[key] = nil }
        }
    }
}
