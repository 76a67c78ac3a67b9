import Foundation
import SyncCore

/// Writes the store's compact BLOBs (`MirrorCodec`, `OutboxMutationCodec`): LEB128 varints for counts and lengths,
/// UTF-8 strings prefixed by their length, 8-byte little-endian integers.
struct BlobWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    mutating func varint(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int64(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// `nil` as a 0 byte, a value as a 1 byte and the string.
    mutating func optional(_ value: String?) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        string(value)
    }

    mutating func key(_ key: ConsentKey) {
        string(key.channel.rawValue)
        string(key.topic)
    }

    /// The count of `map`, then each entry in key order (equal maps give equal bytes), written by `entry`.
    mutating func entries<Key: Comparable, Value>(_ map: [Key: Value], _ entry: (inout BlobWriter, Key, Value) -> Void) {
        varint(map.count)
        for (key, value) in map.sorted(by: { $0.key < $1.key }) { entry(&self, key, value) }
    }

    /// Names and values of a string map, in name order.
    mutating func strings(_ map: [String: String]) {
        entries(map) { writer, name, value in
            writer.string(name)
            writer.string(value)
        }
    }
}

/// Reads what `BlobWriter` wrote; every read checks the bounds and throws `StoreError` naming `what` is malformed.
struct BlobReader {
    let bytes: UnsafeRawBufferPointer
    /// What the BLOB holds, for error messages (`mirror state`, `outbox mutation`).
    let what: String
    var offset = 0

    func error(_ reason: String) -> StoreError { StoreError("\(what): \(reason)") }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw error("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A count or a length; never more than the bytes left (each counted item takes at least one).
    mutating func count() throws -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
            guard shift < 64 else { throw error("bad length") }
        }
        guard value <= UInt64(bytes.count - offset) else { throw error("bad length") }
        return Int(value)
    }

    mutating func int64() throws -> Int64 {
        guard bytes.count - offset >= 8 else { throw error("truncated") }
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 8])) }
        offset += 8
        return Int64(littleEndian: value)
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
    }

    mutating func optional() throws -> String? {
        switch try byte() {
        case 0: return nil
        case 1: return try string()
        default: throw error("bad optional marker")
        }
    }

    mutating func key() throws -> ConsentKey {
        guard let channel = Channel(rawValue: try string()) else { throw error("unknown channel") }
        return ConsentKey(channel: channel, topic: try string())
    }

    /// Throws unless every byte was read.
    func end() throws {
        guard offset == bytes.count else { throw error("trailing bytes") }
    }
}
