import Foundation
import HubSpotSandbox
import SandboxKit
import Testing

@Suite("HubSpot sandbox: communication preferences")
struct SandboxConsentTests {
    @Test("v3 unsubscribe shows in status, sets hs_email_optout_1001 and bumps lastmodifieddate; twice is 400")
    func unsubscribeV3() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let before = try await client.get("/communication-preferences/v3/status/email/ben.optin%40example.com")
            let marketing = before.json?["subscriptionStatuses"]?.arrayValue?.first { $0["id"] == "1001" }
            #expect(marketing?["status"] == "SUBSCRIBED")
            #expect(marketing?["legalBasis"] == "CONSENT_WITH_NOTICE")
            #expect(marketing?["sourceOfStatus"] == "SUBSCRIPTION_STATUS")

            let body: JSONValue = ["emailAddress": "ben.optin@example.com", "subscriptionId": "1001"]
            let done = try await client.post("/communication-preferences/v3/unsubscribe", body)
            #expect(done.status == 200)
            #expect(done.json?["status"] == "NOT_SUBSCRIBED")

            let after = try await client.get("/communication-preferences/v3/status/email/ben.optin%40example.com")
            #expect(
                after.json?["subscriptionStatuses"]?.arrayValue?.first { $0["id"] == "1001" }?["status"]
                    == "NOT_SUBSCRIBED")

            let contact = try await client.get("/crm/v3/objects/contacts/100000000002?properties=hs_email_optout_1001")
            #expect(contact.json?["properties"]?["hs_email_optout_1001"] == "true")
            #expect(contact.json?["properties"]?["lastmodifieddate"] == "2026-12-01T00:00:00.000Z")

            let incremental = try await client.post(
                "/crm/v3/objects/contacts/search",
                [
                    "filterGroups": [
                        [
                            "filters": [
                                ["propertyName": "lastmodifieddate", "operator": "GTE", "value": "1796083200000"]
                            ]
                        ]
                    ]
                ])
            #expect(incremental.json?["results"]?.arrayValue?.map { $0["id"] } == ["100000000002"])

            let again = try await client.post("/communication-preferences/v3/unsubscribe", body)
            #expect(again.status == 400)
            let resubscribe = try await client.post("/communication-preferences/v3/subscribe", body)
            #expect(resubscribe.status == 400)
            #expect(state.subscriptionStates(email: "BEN.optin@example.com")["1001"] == "UNSUBSCRIBED")
        }
    }

    @Test("status applies to an address without a contact, and to the contact created later")
    func addressWithoutContact() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let body: JSONValue = ["emailAddress": "later@example.com", "subscriptionId": "1001"]
            #expect(try await client.post("/communication-preferences/v3/unsubscribe", body).status == 200)
            let created = try await client.post(
                "/crm/v3/objects/contacts", ["properties": ["email": "later@example.com"]])
            let id = created.json?["id"]?.stringValue ?? ""
            let read = try await client.get("/crm/v3/objects/contacts/\(id)?properties=hs_email_optout_1001")
            #expect(read.json?["properties"]?["hs_email_optout_1001"] == "true")
        }
    }

    @Test("v4 reports the last-change timestamp, can resubscribe, and unsubscribe-all is portal-wide")
    func v4() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let batch = try await client.post(
                "/communication-preferences/v4/statuses/batch/read?channel=EMAIL",
                ["inputs": ["ben.optin@example.com"]])
            let status = batch.json?["results"]?.arrayValue?.first?["statuses"]?.arrayValue?.first
            #expect(status?["status"] == "SUBSCRIBED")
            #expect(status?["subscriptionId"] == 1001)
            #expect(status?["timestamp"] == "2026-11-25T12:00:00.000Z")

            let all = try await client.send(
                "POST", "/communication-preferences/v4/statuses/ava.optout%40example.com/unsubscribe-all?channel=EMAIL")
            #expect(all.status == 200)
            let wide = try await client.get(
                "/communication-preferences/v4/statuses/ava.optout%40example.com/unsubscribe-all?channel=EMAIL")
            #expect(wide.json?["results"]?.arrayValue?.first?["wideStatusType"] == "PORTAL_WIDE")
            let v3 = try await client.get("/communication-preferences/v3/status/email/ava.optout%40example.com")
            #expect(v3.json?["subscriptionStatuses"]?.arrayValue?.first?["sourceOfStatus"] == "PORTAL_WIDE_STATUS")
            let contact = try await client.get("/crm/v3/objects/contacts/100000000001?properties=hs_email_optout")
            #expect(contact.json?["properties"]?["hs_email_optout"] == "true")

            let resubscribe = try await client.post(
                "/communication-preferences/v4/statuses/ava.optout%40example.com",
                [
                    "channel": "EMAIL", "subscriptionId": 1001, "statusState": "SUBSCRIBED",
                    "legalBasis": "CONSENT_WITH_NOTICE",
                ])
            #expect(resubscribe.status == 200)
            #expect(
                resubscribe.json?["results"]?.arrayValue?.first?["setStatusSuccessReason"] == "RESUBSCRIBE_OCCURRED")
            let cleared = try await client.get(
                "/communication-preferences/v4/statuses/ava.optout%40example.com/unsubscribe-all?channel=EMAIL")
            #expect(cleared.json?["results"]?.arrayValue?.isEmpty == true)
            #expect(
                try await client.get("/communication-preferences/v4/statuses/ava.optout%40example.com").status == 400)
        }
    }
}
