import SyncCore
import Testing

/// A seeded generator so that a failing sequence can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One simulated vendor record: what the vendor holds, and whether its consent value was an explicit choice.
struct TestVendor {
    let name: VendorName
    var attributes: [String: (String, UTCMillis)] = [:]
    var consent: [ConsentKey: (ConsentState, UTCMillis)] = [:]
    var mirror: MirrorState?

    func change() -> RemoteChange {
        RemoteChange(
            vendor: name, stream: "test", recordKey: "\(name)-1",
            attributes: attributes.mapValues { AttributeValue($0.0, at: $0.1) },
            consent: consent.map { ConsentObservation(key: $0.key, state: $0.value.0, at: $0.value.1) }
        )
    }

    /// Applies a pushed mutation as the vendor would (stamping its own time), as the drainer records the mirror.
    mutating func receive(_ mutation: Mutation, at time: UTCMillis) {
        var seen = mirror ?? MirrorState()
        switch mutation.payload {
        case let .attributes(fields):
            for (field, value) in fields {
                attributes[field] = (value, time)
                seen.attributes[field] = value
            }
        case let .consent(key, record):
            consent[key] = (record.state, time)
            seen.consent[key] = record.state
        default: break
        }
        seen.seenAt = max(seen.seenAt, time)
        mirror = seen
    }
}

@Suite struct ConvergencePropertyTests {
    static let keys = [ConsentKey(channel: .email), ConsentKey(channel: .email, topic: "news"), ConsentKey(channel: .sms)]
    static let fields = ["first_name", "city"]
    static let capabilities = PushCapabilities(fields: Set(fields), consentKeys: Set(keys), canCreate: true)

    @Test func tenThousandRandomSequencesKeepConsentSafeIdempotentAndConvergent() {
        var failures = 0
        for seed in 0..<10_000 where !run(seed: UInt64(seed)) {
            failures += 1
            if failures > 3 { break }
        }
        #expect(failures == 0)
    }

    /// One random sequence; returns false (after recording the issue) when a property is violated.
    func run(seed: UInt64) -> Bool {
        var random = SplitMix64(state: seed)
        let reconciler = Reconciler()
        var vendors = ["alpha", "beta", "gamma"].map { TestVendor(name: VendorName(rawValue: $0)) }
        var hub = PersonState()
        var clock: UTCMillis = 1_000
        var explicitOptIns: [ConsentKey: [UTCMillis]] = [:]
        for _ in 0..<Int.random(in: 4...24, using: &random) {
            clock += Int64.random(in: 1...3, using: &random)
            let index = Int.random(in: 0..<3, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                let field = Self.fields.randomElement(using: &random)!
                vendors[index].attributes[field] = (["Ava", "Ben", "Lisbon", ""].randomElement(using: &random)!, clock)
            case 2:
                let key = Self.keys.randomElement(using: &random)!
                let state = [ConsentState.optedIn, .optedOut, .unknown].randomElement(using: &random)!
                let at = clock
                vendors[index].consent[key] = (state, at)
                if state == .optedIn { explicitOptIns[key, default: []].append(at) }
            default:
                let before = hub
                let change = vendors[index].change()
                var mirror = vendors[index].mirror
                _ = reconciler.apply(change, to: &hub, mirror: &mirror, now: clock)
                var again = hub
                var mirrorAgain = mirror
                guard reconciler.apply(change, to: &again, mirror: &mirrorAgain, now: clock).isEmpty, again == hub else {
                    Issue.record("seed \(seed): applying the same page twice changed the hub")
                    return false
                }
                vendors[index].mirror = mirror
                for key in Self.keys where before.consent[key]?.state == .optedOut && hub.consent[key]?.state == .optedIn {
                    let out = before.consent[key]!.at
                    guard let winner = hub.consent[key], winner.at > out,
                          explicitOptIns[key, default: []].contains(where: { $0 > out }) else {
                        Issue.record("seed \(seed): \(key) opted in without a strictly newer explicit opt-in")
                        return false
                    }
                }
                if Bool.random(using: &random) { push(&vendors, hub: hub, clock: &clock, revision: Int64(clock)) }
            }
        }
        for _ in 0..<2 {
            for index in vendors.indices {
                var mirror = vendors[index].mirror
                _ = reconciler.apply(vendors[index].change(), to: &hub, mirror: &mirror, now: clock)
                vendors[index].mirror = mirror
            }
            push(&vendors, hub: hub, clock: &clock, revision: Int64(clock))
        }
        for index in vendors.indices {
            var mirror = vendors[index].mirror
            let diffs = reconciler.apply(vendors[index].change(), to: &hub, mirror: &mirror, now: clock + 1)
            let plan = PushPlanner.plan(person: hub, personRef: "p", revision: 0, vendor: vendors[index].name,
                                        recordKey: "r", mirror: mirror, capabilities: Self.capabilities)
            guard diffs.isEmpty, plan.isEmpty else {
                Issue.record("seed \(seed): pull, push, pull did not converge (\(diffs.count) diffs, \(plan.count) mutations)")
                return false
            }
        }
        return true
    }

    func push(_ vendors: inout [TestVendor], hub: PersonState, clock: inout UTCMillis, revision: Int64) {
        for index in vendors.indices {
            clock += 1
            for mutation in PushPlanner.plan(person: hub, personRef: "p", revision: revision, vendor: vendors[index].name,
                                             recordKey: "r", mirror: vendors[index].mirror, capabilities: Self.capabilities) {
                vendors[index].receive(mutation, at: clock)
            }
        }
    }
}
