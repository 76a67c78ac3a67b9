import Foundation
import SyncCore
@testable import SyncStore
import Testing

@Suite struct SyncStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
    }

    @Test func fileIsCreatedWithMode0600AndInWALMode() throws {
        let path = temporaryPath()
        let store = try SyncStore(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try store.integrityCheck() == "ok")
        try store.writeSync { tx in _ = try tx.createPerson(ref: "vs-a", now: 1) }
        let walMode = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.posixPermissions] as? Int
        #expect(walMode == 0o600)
    }

    @Test func reopeningRunsNoMigrationTwiceAndKeepsData() throws {
        let path = temporaryPath()
        let id = try SyncStore(path: path).writeSync { tx in try tx.createPerson(ref: "vs-a", now: 1) }
        let reopened = try SyncStore(path: path)
        #expect(try reopened.readSync { tx in try tx.loadPerson(id).ref } == "vs-a")
    }

    @Test func personStateRoundTripsAndConsentHistoryIsAppendOnly() throws {
        let store = try SyncStore(path: temporaryPath())
        let key = ConsentKey(channel: .email)
        var state = PersonState()
        state.attributes["first_name"] = AttributeRecord(value: "Ava", at: 10, source: "hubspot")
        state.consent[key] = ConsentRecord(state: .optedOut, at: 20, source: "braze", legalBasis: nil, evidence: "unsubscribed")
        state.suppressions = [Suppression(channel: .email, reason: .hardBounce, at: 30, source: "sfmc")]
        let saved = state
        let id = try store.writeSync { tx in
            let id = try tx.createPerson(ref: "vs-a", now: 1)
            try tx.savePerson(id, old: PersonState(), new: saved, reasons: [key: "opt-out"], now: 2)
            return id
        }
        let loaded = try store.readSync { tx in try tx.loadPerson(id) }
        #expect(loaded.state == saved)
        #expect(loaded.revision == 1)
        #expect(throws: (any Error).self) {
            try store.writeSync { tx in try tx.execute("UPDATE consent_history SET state = 'optedIn'") }
        }
        #expect(throws: (any Error).self) {
            try store.writeSync { tx in try tx.execute("DELETE FROM consent_history") }
        }
    }

    @Test func sendEventsAreStoredOncePerVendorKey() throws {
        let store = try SyncStore(path: temporaryPath())
        let event = SendEvent(vendor: "hubspot", eventKey: "e-1", type: .open, at: 5)
        let results = try store.writeSync { tx in [try tx.insertEvent(event, personID: nil), try tx.insertEvent(event, personID: nil)] }
        #expect(results == [true, false])
        #expect(try store.readSync { tx in try tx.eventCount() } == 1)
    }

    @Test func outboxDeduplicatesByIdempotencyKeyAndSupersedesOlderPendingWrites() throws {
        let store = try SyncStore(path: temporaryPath())
        func mutation(_ key: String, _ name: String) -> Mutation {
            Mutation(idempotencyKey: key, vendor: "braze", recordKey: "cust-1", email: nil, personRef: "vs-a",
                     payload: .attributes(["first_name": name]))
        }
        let inserted = try store.writeSync { tx in
            [try tx.enqueue(mutation("k1", "Ava"), personID: 1, now: 1), try tx.enqueue(mutation("k1", "Ava"), personID: 1, now: 1),
             try tx.enqueue(mutation("k2", "Eva"), personID: 1, now: 2)]
        }
        #expect(inserted == [true, false, true])
        let due = try store.readSync { tx in try tx.dueOutbox(vendor: "braze", now: 10, limit: 10) }
        #expect(due.map(\.mutation.idempotencyKey) == ["k2"])
        #expect(try store.readSync { tx in try tx.outboxCounts(vendor: "braze") } == ["pending": 1, "superseded": 1])
    }

    @Test func dueOutboxLeavesOutTheEntriesAndPersonsOfBatchesInFlightAndKeepsIDOrder() throws {
        let store = try SyncStore(path: temporaryPath())
        let ids = try store.writeSync { tx in
            for index in 1...6 {
                let mutation = Mutation(idempotencyKey: "k\(index)", vendor: "braze", recordKey: "cust-\(index)", email: nil,
                                        personRef: "vs-\(index)", payload: .attributes(["first_name": "N\(index)"]))
                try tx.enqueue(mutation, personID: Int64(index % 3 + 1), now: 1)
            }
            return try tx.dueOutbox(vendor: "braze", now: 10, limit: 10).map(\.id)
        }
        #expect(ids.count == 6)
        let due = try store.readSync { tx in
            try tx.dueOutbox(vendor: "braze", now: 10, limit: 10, excludingIDs: [ids[0]], excludingPersons: [3])
        }
        // Persons: k1 → 2, k2 → 3, k3 → 1, k4 → 2, k5 → 3, k6 → 1.
        #expect(due.map(\.mutation.idempotencyKey) == ["k3", "k4", "k6"])
        let limited = try store.readSync { tx in try tx.dueOutbox(vendor: "braze", now: 10, limit: 2, excludingPersons: [1, 2]) }
        #expect(limited.map(\.mutation.idempotencyKey) == ["k2", "k5"])
    }

    @Test func cursorIsStoredWithItsVersion() throws {
        let store = try SyncStore(path: temporaryPath())
        try store.writeSync { tx in try tx.saveCursor(vendor: "hubspot", stream: "contacts", version: 2, json: #"{"w":5}"#, now: 1) }
        let cursor = try store.readSync { tx in try tx.cursor(vendor: "hubspot", stream: "contacts") }
        #expect(cursor?.version == 2)
        #expect(cursor?.json == #"{"w":5}"#)
    }

    @Test func identicalOpenDeadLettersAreNotDuplicated() throws {
        let store = try SyncStore(path: temporaryPath())
        let ids = try store.writeSync { tx in
            (0..<3).map { _ in
                (try? tx.addDeadLetter(direction: "pull", vendor: "hubspot", stream: "contacts", recordKey: "9",
                                       reason: "email: not a valid address", payload: "{}", now: 1)) ?? -1
            }
        }
        #expect(Set(ids).count == 1)
        let letters = try store.readSync { tx in try tx.deadLetters() }
        #expect(letters.count == 1)
        #expect(letters.first?.attempts == 3)
    }
}
