import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import BrazeConnector

@Suite("Braze push, fixture replay")
struct ConnectorFixturePushTests {
    @Test("errors for items 3 and 7 of 75 reject those two and apply the other 73")
    func partialFailure() async throws {
        let (connector, transport) = try fixtureConnector("track-partial-failure")
        let mutations = (0..<75).map {
            attributeMutation(String(format: "user-%03d", $0), ["first_name": String(format: "Name%03d", $0)])
        }
        let outcomes = try await connector.push(mutations)
        try transport.assertAllConsumed()
        #expect(outcomes.count == 75)
        #expect(outcomes.filter(\.isApplied).count == 73)
        #expect(
            outcomes[3]
                == .rejected(
                    reason: "braze refused attributes[3]: 'first_name' must be a string of at most 255 characters"))
        #expect(
            outcomes[7]
                == .rejected(reason: "braze refused attributes[7]: 'external_id' is not a valid user identifier"))
        #expect(outcomes[0] == .applied(recordKey: "user-000"))
        #expect(outcomes[74] == .applied(recordKey: "user-074"))
    }

    @Test("80 mutations go out as 75 + 5 under perArray75")
    func batchOverTheLimit() async throws {
        let (connector, transport) = try fixtureConnector("track-batch-over-limit")
        #expect(connector.pushBatchSize == 75)
        let mutations = (0..<80).map {
            attributeMutation(String(format: "user-%03d", $0), ["last_name": String(format: "Family%03d", $0)])
        }
        let outcomes = try await connector.push(mutations)
        try transport.assertAllConsumed()
        #expect(transport.consumed == 2)
        #expect(outcomes.count == 80)
        #expect(outcomes.allSatisfy { $0.isApplied })
        #expect(connector.client.stats.requests == 2)
    }

    @Test("a record to create whose address two profiles share is read, not written: the oldest identified one is returned")
    func sharedEmailRecordToCreate() async throws {
        let (connector, transport) = try fixtureConnector("profiles-shared-email")
        let mutation = consentMutation(
            nil, email: "shared.inbox@example.com", personRef: "vs-person-1", state: .optedOut)
        let outcomes = try await connector.push([mutation])
        guard case let .exists(key, current)? = outcomes.first, outcomes.count == 1 else {
            Issue.record("expected one .exists outcome, got \(outcomes)")
            return
        }
        #expect(key == "ext-a")
        #expect(current.recordKey == "ext-a")
        #expect(current.email == "shared.inbox@example.com")
        #expect(transport.consumed == 2)
    }

    @Test("a 2xx /users/track with an unreadable body is retried, not counted as applied")
    func malformedTrackBody() async throws {
        let (connector, transport) = try fixtureConnector("malformed-body")
        await #expect(throws: ConnectorError.self) {
            _ = try await connector.pull(stream: "unsubscribes", after: nil, context: PullContext(now: fixtureNow))
        }
        let outcomes = try await connector.push([attributeMutation("user-001", ["first_name": "Ada"])])
        try transport.assertAllConsumed()
        #expect(outcomes.count == 1)
        #expect(outcomes[0].isRetry)
    }
}
