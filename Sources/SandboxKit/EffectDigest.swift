/// A stable 64-bit FNV-1a digest, hex-encoded, of a JSON value's canonical (sorted-key) serialisation.
public enum EffectDigest {
    /// The digest of `value`; equal values give equal digests across runs and machines.
    public static func of(_ value: JSONValue) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in value.serialized() {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
