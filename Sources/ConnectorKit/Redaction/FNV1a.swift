/// FNV-1a, 64-bit (Fowler–Noll–Vo). **Not cryptographic**: used only to correlate log lines about the same email
/// without printing it. Anyone holding a candidate address can confirm it, so treat the hash as personal data of
/// low sensitivity, not as anonymisation.
public enum FNV1a {
    /// The 64-bit FNV-1a hash of `bytes`.
    public static func hash64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The 64-bit FNV-1a hash of the UTF-8 bytes of `string`, as 16 lower-case hex digits.
    public static func hex64(_ string: String) -> String {
        let hex = String(hash64(string.utf8), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
