import Foundation
import GRDB
import SyncCore
@testable import SyncStore
import Testing

/// An entry superseded by a newer write while its batch is in flight keeps `superseded` when its outcome is
/// recorded, and a give-up on it files no dead letter.
@Suite struct OutboxSupersededInFlightTests {
    func mutation(_ key: String, _ name: String) -> Mutation {
        Mutation(idempotencyKey: key, vendor: "braze", recordKey: "r1", email: nil, personRef: "vs-a", payload: .attributes(["first_name": name]))
    }

    @Test func outcomesOfASupersededEntryKeepItsStatus() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("superseded-\(UUID().uuidString).sqlite").path
        let store = try SyncStore(path: path)
        try store.writeSync { tx in
            let person = try tx.createPerson(ref: "vs-a", now: 1)
            #expect(try tx.enqueue(mutation("k1", "Ann"), personID: person, now: 1))
            #expect(try tx.enqueue(mutation("k2", "Bob"), personID: person, now: 1))
            #expect(try tx.enqueue(mutation("k3", "Cid"), personID: person, now: 1))
            let first = try #require(tx.pendingOutbox(limit: 10).first { $0.mutation.idempotencyKey == "k3" })
            // k1 and k2 were superseded by k3 (same slot) while, say, k1 was in flight.
            let ids = try Int64.fetchAll(tx.db, sql: "SELECT id FROM outbox WHERE idempotency_key IN ('k1', 'k2') ORDER BY idempotency_key")
            #expect(try tx.markOutboxDead(ids[0], error: "HTTP 400", now: 2) == false)
            try tx.markOutboxDone(ids[1], now: 2)
            #expect(try tx.markOutboxDead(first.id, error: "HTTP 400", now: 2) == true)
        }
        #expect(try store.readSync { tx in try tx.outboxCounts(vendor: "braze") } == ["superseded": 2, "dead": 1])
    }
}
