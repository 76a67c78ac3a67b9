import Foundation
import GRDB
import SyncCore

/// The stored form of an outbox entry's `Mutation` in `outbox.mutation`.
///
/// Attribute mutations (nearly every entry of a first pass) are a compact BLOB: planning encodes one per person and
/// vendor inside the writer's transaction and the drainer decodes it again, and `JSONEncoder`/`JSONDecoder` spent
/// ~15 µs each way (7 % of the writer's time in a 100k pass's plan-and-push phase). The BLOB is the version byte
/// `1`, then idempotency key, vendor, record key (optional), email (optional), other emails (count, strings),
/// person ref, and the attributes (count, then name and value; names sorted) — written by `BlobWriter`. Consent,
/// suppression and event mutations stay JSON text, as do entries written by earlier versions; `decode` reads both.
enum OutboxMutationCodec {
    static let version: UInt8 = 1

    /// The column value for `mutation`: a BLOB for attribute mutations, JSON text otherwise.
    /// - Throws: `EncodingError` from `JSONEncoder` for the JSON form.
    static func encode(_ mutation: Mutation) throws -> DatabaseValue {
        guard case let .attributes(fields) = mutation.payload else {
            return try StoreTransaction.json(mutation).databaseValue
        }
        var writer = BlobWriter()
        writer.bytes.append(version)
        writer.string(mutation.idempotencyKey)
        writer.string(mutation.vendor.rawValue)
        writer.optional(mutation.recordKey)
        writer.optional(mutation.email)
        writer.varint(mutation.otherEmails.count)
        for email in mutation.otherEmails { writer.string(email) }
        writer.string(mutation.personRef)
        writer.strings(fields)
        return Data(writer.bytes).databaseValue
    }

    /// The mutation stored as `value`.
    /// - Throws: `StoreError` naming what is malformed in a BLOB; `DecodingError` for malformed JSON text.
    static func decode(_ value: DatabaseValue) throws -> Mutation {
        switch value.storage {
        case let .string(text):
            return try StoreTransaction.decode(Mutation.self, text)
        case let .blob(data):
            return try data.withUnsafeBytes { buffer in
                var reader = BlobReader(bytes: buffer, what: "outbox mutation")
                guard try reader.byte() == version else { throw reader.error("unknown version") }
                let key = try reader.string()
                let vendor = VendorName(rawValue: try reader.string())
                let recordKey = try reader.optional()
                let email = try reader.optional()
                var others: [String] = []
                for _ in 0..<(try reader.count()) { others.append(try reader.string()) }
                let personRef = try reader.string()
                var fields: [String: String] = [:]
                for _ in 0..<(try reader.count()) { fields[try reader.string()] = try reader.string() }
                try reader.end()
                return Mutation(
                    idempotencyKey: key, vendor: vendor, recordKey: recordKey, email: email, otherEmails: others,
                    personRef: personRef, payload: .attributes(fields)
                )
            }
        default:
            throw StoreError("outbox mutation is neither a BLOB nor JSON text")
        }
    }
}
