import Foundation
import GRDB
import SyncCore
@testable import SyncStore
import Testing

@Suite struct OutboxDueOrderTests {
    @Test func dueEntriesComeInIdOrderFromTheIndexWithoutSortingAndSkipBackoff() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("due-\(UUID().uuidString).sqlite").path
        let store = try SyncStore(path: path)
        let ids = try store.writeSync { tx -> [Int64] in
            let person = try tx.createPerson(ref: "vs-a", now: 1)
            for index in 0..<300 {
                let mutation = Mutation(
                    idempotencyKey: "k\(index)", vendor: index % 3 == 0 ? "hubspot" : "braze", recordKey: "r\(index)",
                    email: nil, personRef: "vs-a", payload: .attributes(["first_name": "n\(index)"])
                )
                _ = try tx.enqueue(mutation, personID: person, now: 1)
            }
            let due = try tx.dueOutbox(vendor: "braze", now: 1, limit: 1_000)
            try tx.markOutboxRetry(due[0].id, error: "HTTP 503", nextAttemptAt: 10_000, now: 1)
            try tx.markOutboxDone(due[1].id, now: 1)
            return due.map(\.id)
        }
        #expect(ids.count == 200)
        let due = try store.readSync { tx in try tx.dueOutbox(vendor: "braze", now: 2, limit: 50) }
        #expect(due.map(\.id) == Array(ids[2..<52]), "oldest first, skipping the entry in backoff and the done one")
        #expect(due.allSatisfy { $0.mutation.vendor == "braze" })
        #expect(try store.readSync { tx in try tx.dueOutbox(vendor: "braze", now: 10_000, limit: 1) }.map(\.id) == [ids[0]])
        let plan = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + StoreTransaction.dueOutboxSQL, arguments: ["braze", 2, "[]", "[1]", 50])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("outbox_pending") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}
