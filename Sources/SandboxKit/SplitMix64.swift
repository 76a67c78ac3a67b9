/// SplitMix64: a tiny, fast, seeded pseudo-random generator, so generated data and fault draws are reproducible.
///
/// Source: Steele, Lea, Flood, "Fast splittable pseudorandom number generators" (OOPSLA 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Starts the sequence at `seed`; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in `[0, 1)`.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// The value at position `index` of the sequence seeded with `seed`, without walking the sequence.
    ///
    /// Used to derive per-record data (names, timestamps) for record `index` in O(1).
    public static func value(seed: UInt64, index: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: seed &+ index &* 0x9E37_79B9_7F4A_7C15)
        return generator.next()
    }
}
