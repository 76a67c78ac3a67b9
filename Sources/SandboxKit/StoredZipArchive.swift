/// Builds an uncompressed ("stored") ZIP archive in memory, enough to emulate vendor exports that hand out a
/// `.zip` download (e.g. Braze segment exports). Single-disk, no ZIP64: each file and the archive stay below 4 GiB.
public struct StoredZipArchive: Sendable {
    private var body: [UInt8] = []
    private var directory: [UInt8] = []
    private var count: UInt16 = 0

    /// An empty archive.
    public init() {}

    /// Appends a file named `path` (UTF-8, `/`-separated) with `contents`.
    public mutating func add(path: String, contents: [UInt8]) {
        let name = Array(path.utf8)
        let crc = Self.crc32(contents)
        let offset = UInt32(truncatingIfNeeded: body.count)
        body +=
            Self.le32(0x0403_4B50) + Self.le16(20) + Self.le16(0x0800) + Self.le16(0) + Self.le16(0) + Self.le16(0x21)
        body += Self.le32(crc) + Self.le32(UInt32(truncatingIfNeeded: contents.count))
        body += Self.le32(UInt32(truncatingIfNeeded: contents.count)) + Self.le16(UInt16(name.count)) + Self.le16(0)
        body += name + contents
        directory += Self.le32(0x0201_4B50) + Self.le16(20) + Self.le16(20) + Self.le16(0x0800) + Self.le16(0)
        directory +=
            Self.le16(0) + Self.le16(0x21) + Self.le32(crc) + Self.le32(UInt32(truncatingIfNeeded: contents.count))
        directory += Self.le32(UInt32(truncatingIfNeeded: contents.count)) + Self.le16(UInt16(name.count))
        directory += Self.le16(0) + Self.le16(0) + Self.le16(0) + Self.le16(0) + Self.le32(0) + Self.le32(offset) + name
        count += 1
    }

    /// The complete archive bytes.
    public var bytes: [UInt8] {
        let end =
            Self.le32(0x0605_4B50) + Self.le16(0) + Self.le16(0) + Self.le16(count) + Self.le16(count)
            + Self.le32(UInt32(truncatingIfNeeded: directory.count)) + Self.le32(UInt32(truncatingIfNeeded: body.count))
            + Self.le16(0)
        return body + directory + end
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

    private static func le32(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 (IEEE 802.3), as ZIP requires.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
