import ConnectorTestKit
import ConnectorKit
import Foundation
import HubSpotSandbox
import SandboxKit
import SyncCore
import Testing

@testable import HubSpotConnector

/// A contact to create whose address HubSpot already holds is read, never overwritten unread: the connector looks
/// the create addresses up with `batch/read` by email and answers `.exists` with the contact as HubSpot holds it;
/// new addresses are still created.
@Suite("HubSpot connector: creating a contact that already exists")
struct ConnectorExistingContactTests {
    typealias Support = ConnectorTestSupport

    /// Creates a contact directly in the sandbox (as a HubSpot user would) and returns its id.
    static func seedContact(_ client: SandboxTestClient, _ properties: [String: String]) async throws -> String {
        let reply = try await client.post(
            "/crm/v3/objects/contacts", .object(["properties": .object(properties.mapValues(JSONValue.string))]))
        #expect(reply.status == 201)
        return try #require(reply.json?["id"]?.stringValue)
    }

    @Test("an existing address answers .exists with the contact's id and current values; the contact is unchanged")
    func existingAddressIsReadNotWritten() async throws {
        try await ConnectorSandboxTests.withSandbox(HubSpotSandboxState()) { connector, state in
            let client = SandboxTestClient(baseURL: connector.configuration.baseURL, token: "pat-sandbox")
            let id = try await Self.seedContact(
                client, ["email": "nora.nash@example.com", "firstname": "Nora-HubSpot", "lastname": "Nash"])
            let before = try #require(state.contact(id: id))

            let outcomes = try await connector.push([
                Support.attributes(
                    "c1", email: "Nora.Nash@example.com", ["first_name": "Nora-SFMC", "last_name": "Older"])
            ])
            #expect(outcomes.count == 1)
            guard case .exists(let recordKey, let current) = outcomes.first else {
                Issue.record("expected .exists, got \(outcomes)")
                return
            }
            #expect(recordKey == id)
            #expect(current.recordKey == id)
            #expect(current.email == "nora.nash@example.com")
            #expect(current.attributes["first_name"]?.value == "Nora-HubSpot")
            #expect(current.attributes["last_name"]?.value == "Nash")
            #expect(state.contact(id: id) == before)
        }
    }

    @Test("a new address is created; an address found only among the person's other emails answers .exists")
    func newAddressIsCreatedAndOtherEmailsAreTried() async throws {
        try await ConnectorSandboxTests.withSandbox(HubSpotSandboxState()) { connector, state in
            let client = SandboxTestClient(baseURL: connector.configuration.baseURL, token: "pat-sandbox")
            let old = try await Self.seedContact(client, ["email": "omar.old@example.com", "firstname": "Omar"])
            let before = try #require(state.contact(id: old))

            let outcomes = try await connector.push([
                Support.attributes("n1", email: "pia.park@example.com", ["first_name": "Pia"]),
                Mutation(
                    idempotencyKey: "n2", vendor: "hubspot", recordKey: nil, email: "omar.new@example.com",
                    otherEmails: ["omar.old@example.com"], personRef: "p-n2",
                    payload: .attributes(["first_name": "Omar-Braze"])),
            ])
            let pia = try #require(state.contactId(forEmail: "pia.park@example.com"))
            #expect(outcomes.first == .applied(recordKey: pia))
            #expect(
                state.contact(id: pia)?["properties"]?["firstname"]?.stringValue == "Pia")
            guard case .exists(let recordKey, let current) = outcomes.last else {
                Issue.record("expected .exists for the other address, got \(outcomes)")
                return
            }
            #expect(recordKey == old)
            #expect(current.attributes["first_name"]?.value == "Omar")
            #expect(state.contactId(forEmail: "omar.new@example.com") == nil)
            #expect(state.contact(id: old) == before)
        }
    }
}
