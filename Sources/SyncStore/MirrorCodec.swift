import Foundation
import SyncCore

/// The stored form of a `MirrorState` in `mirrors.state`: a compact binary BLOB.
///
/// Every pulled record, planned person and pushed item reads or writes one mirror, and `JSONEncoder`/`JSONDecoder`
/// spent ~20 µs on each (17 % of a 100k initial pass's CPU). The BLOB is, in order: the version byte `1`; `seenAt`
/// (UTC ms, 8 bytes little-endian); the attributes (count, then name and value); the consent states (count, then
/// channel, topic and state); the consent times (count, then channel, topic and UTC ms); the suppressions (count,
/// then `channel/reason`). Counts and string lengths are LEB128 varints, strings UTF-8. Mirrors stored as JSON text
/// by earlier versions are still read (`decode` falls back to `JSONDecoder`) and rewritten as BLOBs when next saved.
enum MirrorCodec {
    static let version: UInt8 = 1

    /// The BLOB of `mirror`.
    static func encode(_ mirror: MirrorState) -> Data {
        var writer = BlobWriter()
        writer.bytes.reserveCapacity(256)
        writer.bytes.append(version)
        writer.int64(mirror.seenAt)
        writer.strings(mirror.attributes)
        writer.entries(mirror.consent) { writer, key, state in
            writer.key(key)
            writer.string(state.rawValue)
        }
        writer.entries(mirror.consentAt) { writer, key, at in
            writer.key(key)
            writer.int64(at)
        }
        writer.varint(mirror.suppressions.count)
        for suppression in mirror.suppressions.sorted() { writer.string(suppression) }
        return Data(writer.bytes)
    }

    /// The mirror stored as `value` (a BLOB from `encode`, or JSON text from earlier versions).
    /// - Throws: `StoreError` naming the part that is malformed; `DecodingError` for malformed JSON text.
    static func decode(_ value: DatabaseStoredMirror) throws -> MirrorState {
        switch value {
        case let .json(text):
            return try StoreTransaction.decode(MirrorState.self, text)
        case let .blob(data):
            return try data.withUnsafeBytes { buffer in
                var reader = BlobReader(bytes: buffer, what: "mirror state")
                guard try reader.byte() == version else { throw reader.error("unknown version") }
                var mirror = MirrorState(seenAt: try reader.int64())
                for _ in 0..<(try reader.count()) { mirror.attributes[try reader.string()] = try reader.string() }
                for _ in 0..<(try reader.count()) {
                    let key = try reader.key()
                    guard let state = ConsentState(rawValue: try reader.string()) else { throw reader.error("unknown consent state") }
                    mirror.consent[key] = state
                }
                for _ in 0..<(try reader.count()) { mirror.consentAt[try reader.key()] = try reader.int64() }
                for _ in 0..<(try reader.count()) { mirror.suppressions.insert(try reader.string()) }
                try reader.end()
                return mirror
            }
        }
    }
}

/// A `mirrors.state` value as read: a BLOB, or JSON text written by an earlier version.
enum DatabaseStoredMirror {
    case blob(Data)
    case json(String)
}
