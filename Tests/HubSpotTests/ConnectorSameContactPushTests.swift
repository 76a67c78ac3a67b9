import ConnectorTestKit
import ConnectorKit
import Foundation
import HubSpotSandbox
import SandboxKit
import SyncCore
import Testing

@testable import HubSpotConnector

/// Two writes to one contact in one pushed batch (an attribute update and a suppression of the same person, as
/// the engine plans them): HubSpot refuses a batch naming a contact twice, so the connector sends the second in a
/// follow-up request of the same push; both apply, nothing is left to retry.
@Suite("HubSpot connector: two writes to one contact in one push")
struct ConnectorSameContactPushTests {
    typealias Support = ConnectorTestSupport

    @Test func anAttributeUpdateAndASuppressionOfOneContactBothApply() async throws {
        let configure: (inout HubSpotConnector.Configuration) -> Void = { $0.suppressionProperty = "vendorsync_suppression" }
        try await ConnectorSandboxTests.withSandbox(HubSpotSandboxState(), configure: configure) { connector, state in
            let client = SandboxTestClient(baseURL: connector.configuration.baseURL, token: "pat-sandbox")
            let property: JSONValue = .object([
                "name": "vendorsync_suppression", "label": "VendorSync suppression", "type": "string",
                "fieldType": "text", "groupName": "contactinformation",
            ])
            #expect(try await client.post("/crm/v3/properties/contacts", property).status == 201)
            let created = try await connector.push([Support.attributes("c1", email: "mia.moss@example.com", ["first_name": "Mia"])])
            let id = try #require(state.contactId(forEmail: "mia.moss@example.com"))
            #expect(created == [.applied(recordKey: id)])

            let suppression = Suppression(channel: .email, reason: .hardBounce, at: 1, source: "sfmc")
            let outcomes = try await connector.push([
                Support.attributes("a1", email: "mia.moss@example.com", recordKey: id, ["last_name": "Moss"]),
                Mutation(
                    idempotencyKey: "s1", vendor: "hubspot", recordKey: id, email: "mia.moss@example.com",
                    personRef: "p-a1", payload: .suppression(suppression)),
            ])
            #expect(outcomes == [.applied(recordKey: id), .applied(recordKey: id)])
            let contact = try #require(state.contact(id: id))
            #expect(contact["properties"]?["lastname"]?.stringValue == "Moss")
            #expect(contact["properties"]?["vendorsync_suppression"]?.stringValue == "hardBounce")
        }
    }
}
