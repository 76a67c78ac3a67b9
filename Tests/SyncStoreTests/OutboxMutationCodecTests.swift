import Foundation
import GRDB
import SyncCore
@testable import SyncStore
import Testing

@Suite struct OutboxMutationCodecTests {
    let attributes = Mutation(
        idempotencyKey: "k-1", vendor: "braze", recordKey: nil, email: "zoë@example.com",
        otherEmails: ["old@example.com", "older@example.com"], personRef: "vs-7",
        payload: .attributes(["first_name": "Zoë \"Z\" \\ 名", "last_name": "", "phone": "+15551234567"])
    )

    @Test func attributeMutationsAreBlobsThatRoundTrip() throws {
        let value = try OutboxMutationCodec.encode(attributes)
        guard case let .blob(data) = value.storage else {
            Issue.record("an attribute mutation is stored as \(value)")
            return
        }
        #expect(data.first == OutboxMutationCodec.version)
        #expect(try OutboxMutationCodec.decode(value) == attributes)
        var keyed = attributes
        keyed.recordKey = "123"
        keyed.email = nil
        keyed.otherEmails = []
        #expect(try OutboxMutationCodec.decode(OutboxMutationCodec.encode(keyed)) == keyed)
    }

    @Test func otherPayloadsStayJSONAndEarlierJSONIsRead() throws {
        let consent = Mutation(
            idempotencyKey: "k-2", vendor: "hubspot", recordKey: "9", email: "a@example.com", personRef: "vs-8",
            payload: .consent(ConsentKey(channel: .email), ConsentRecord(state: .optedOut, at: 5, source: "braze"))
        )
        let value = try OutboxMutationCodec.encode(consent)
        guard case .string = value.storage else {
            Issue.record("a consent mutation is stored as \(value)")
            return
        }
        #expect(try OutboxMutationCodec.decode(value) == consent)
        let legacy = String(decoding: try JSONEncoder.sortedKeys.encode(attributes), as: UTF8.self)
        #expect(try OutboxMutationCodec.decode(legacy.databaseValue) == attributes)
    }

    @Test func malformedBlobsAreErrorsNamingTheOutbox() throws {
        guard case let .blob(data) = try OutboxMutationCodec.encode(attributes).storage else { return }
        for cut in [1, 4, data.count / 2, data.count - 1] {
            #expect { try OutboxMutationCodec.decode(data.prefix(cut).databaseValue) } throws: { error in
                "\(error)".hasPrefix("outbox mutation:")
            }
        }
        #expect(throws: StoreError.self) { try OutboxMutationCodec.decode((data + Data([0])).databaseValue) }
        #expect(throws: StoreError.self) { try OutboxMutationCodec.decode(DatabaseValue.null) }
    }
}
