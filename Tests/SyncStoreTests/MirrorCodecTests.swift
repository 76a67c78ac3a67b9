import Foundation
import GRDB
import SyncCore
@testable import SyncStore
import Testing

@Suite struct MirrorCodecTests {
    func sample() -> MirrorState {
        MirrorState(
            attributes: ["first_name": "Zoë \"Z\" \\ 名", "last_name": "", "email": "ava@example.com"],
            consent: [ConsentKey(channel: .email): .optedOut, ConsentKey(channel: .sms, topic: "promo/π"): .optedIn],
            consentAt: [ConsentKey(channel: .email): 1_781_674_176_770, ConsentKey(channel: .push): -5],
            suppressions: ["email/hard_bounce", "sms/invalid"],
            seenAt: Int64.max
        )
    }

    @Test func blobRoundTripsEveryField() throws {
        let mirror = sample()
        let blob = MirrorCodec.encode(mirror)
        #expect(blob.first == MirrorCodec.version)
        #expect(try MirrorCodec.decode(.blob(blob)) == mirror)
        #expect(MirrorCodec.encode(try MirrorCodec.decode(.blob(blob))) == blob, "equal states store as equal bytes")
        #expect(try MirrorCodec.decode(.blob(MirrorCodec.encode(MirrorState()))) == MirrorState())
    }

    @Test func truncatedOrForeignBlobsAreErrorsNotCrashes() throws {
        let blob = MirrorCodec.encode(sample())
        for cut in [1, 5, 9, blob.count / 2, blob.count - 1] {
            #expect(throws: StoreError.self) { try MirrorCodec.decode(.blob(blob.prefix(cut))) }
        }
        #expect(throws: StoreError.self) { try MirrorCodec.decode(.blob(Data([2] + blob.dropFirst()))) }
        #expect(throws: StoreError.self) { try MirrorCodec.decode(.blob(blob + Data([0]))) }
        var huge = Data([MirrorCodec.version]) + Data(repeating: 0, count: 8)
        huge.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: StoreError.self) { try MirrorCodec.decode(.blob(huge)) }
    }

    @Test func mirrorsStoredAsJSONByEarlierVersionsAreReadAndRewrittenAsBlobs() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mirror-\(UUID().uuidString).sqlite").path
        let store = try SyncStore(path: path)
        let mirror = sample()
        let json = String(decoding: try JSONEncoder.sortedKeys.encode(mirror), as: UTF8.self)
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: "INSERT INTO mirrors (vendor, record_key, person_id, state, seen_at) VALUES ('hubspot', '7', 1, ?, 0)",
                arguments: [json]
            )
        }
        #expect(try store.readSync { tx in try tx.mirror(vendor: "hubspot", recordKey: "7") } == mirror)
        try store.writeSync { tx in try tx.saveMirror(mirror, vendor: "hubspot", recordKey: "7", personID: 1) }
        let stored = try DatabaseQueue(path: path).read { db in
            try DatabaseValue.fetchOne(db, sql: "SELECT state FROM mirrors WHERE record_key = '7'")
        }
        guard case .blob = stored?.storage else {
            Issue.record("mirror not rewritten as a BLOB: \(String(describing: stored))")
            return
        }
        #expect(try store.readSync { tx in try tx.mirror(vendor: "hubspot", recordKey: "7") } == mirror)
    }
}
