import Foundation
import HubSpotSandbox
import SandboxKit
import Testing

@Suite("HubSpot sandbox: auth, contacts, search")
struct SandboxTests {
    @Test("missing or wrong token answers 401 with HubSpot's error body")
    func unauthorized() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            for token in [nil, "pat-wrong"] {
                var anonymous = client
                anonymous.token = token
                let reply = try await anonymous.get("/crm/v3/objects/contacts")
                #expect(reply.status == 401)
                #expect(reply.json?["status"] == "error")
                #expect(reply.json?["category"] == "INVALID_AUTHENTICATION")
                #expect(reply.json?["correlationId"]?.stringValue?.count == 36)
                #expect(reply.json?["message"]?.stringValue?.hasPrefix("Authentication credentials not found") == true)
            }
        }
    }

    @Test("the contact property list names every registry property with its type; archived lists none")
    func propertyList() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let reply = try await client.get("/crm/v3/properties/contacts")
            #expect(reply.status == 200)
            let results = reply.json?["results"]?.arrayValue ?? []
            func property(_ name: String) -> JSONValue? { results.first { $0["name"]?.stringValue == name } }
            #expect(property("email")?["type"] == "string")
            #expect(property("email")?["fieldType"] == "text")
            #expect(property("lastmodifieddate")?["type"] == "datetime")
            #expect(property("hs_object_id")?["hasUniqueValue"] == .bool(true))
            #expect(property("lifecyclestage")?["options"]?.arrayValue?.count == 8)
            #expect(property("hs_email_optout")?["modificationMetadata"]?["readOnlyValue"] == .bool(true))
            #expect(results.count >= 22)
            let archived = try await client.get("/crm/v3/properties/contacts?archived=true")
            #expect(archived.json?["results"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("OAuth refresh issues a token that works until it expires")
    func oauthRefresh() async throws {
        let state = try SandboxHarness.demoState()
        let faults = try FaultSpec(parsing: "token-ttl=60s")
        try await SandboxHarness.with(state, configuration: SandboxConfiguration(rateLimits: .off, faults: faults)) {
            client, sandbox in
            var anonymous = client
            anonymous.token = nil
            let form =
                "grant_type=refresh_token&client_id=sandbox-client-id&client_secret=sandbox-client-secret&refresh_token=sandbox-refresh-token"
            let issued = try await anonymous.send("POST", "/oauth/v1/token", form: form)
            #expect(issued.status == 200)
            #expect(issued.json?["expires_in"] == 60)
            #expect(issued.json?["token_type"] == "bearer")
            var oauth = client
            oauth.token = issued.json?["access_token"]?.stringValue
            let ok = try await oauth.get("/crm/v3/objects/contacts/100000000001")
            #expect(ok.status == 200)
            state.clock.advance(by: 61)
            let expired = try await oauth.get("/crm/v3/objects/contacts/100000000001")
            #expect(expired.status == 401)
            #expect(expired.json?["category"] == "EXPIRED_AUTHENTICATION")
            #expect(sandbox.faultCounters.count(.tokenExpired) == 1)
            let bad = try await anonymous.send(
                "POST", "/oauth/v1/token", form: form.replacingOccurrences(of: "sandbox-client-secret", with: "nope"))
            #expect(bad.status == 400)
            #expect(bad.json?["status"] == "BAD_CLIENT_SECRET")
            let garbage = try await anonymous.send("POST", "/oauth/v1/token", form: "=&&=x&%zz")
            #expect(garbage.status == 400)
        }
    }

    @Test("seeded contact reads back with string properties, ISO millis and defaults")
    func readSeededContact() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let reply = try await client.get(
                "/crm/v3/objects/contacts/ava.optout%40example.com?idProperty=email&properties=phone,hs_email_optout")
            #expect(reply.status == 200)
            let properties = reply.json?["properties"]
            #expect(reply.json?["id"] == "100000000001")
            #expect(properties?["lastmodifieddate"] == "2026-09-01T08:00:00.000Z")
            #expect(properties?["hs_email_optout"] == "false")
            #expect(properties?["hs_email_optout_1001"] == nil)
            #expect(properties?["phone"] == "+15550100001")
            #expect(properties?["lifecyclestage"] == nil)
            #expect(reply.json?["archived"] == false)
            let missing = try await client.get("/crm/v3/objects/contacts/999")
            #expect(missing.status == 404)
            #expect(missing.json?["category"] == "OBJECT_NOT_FOUND")
        }
    }

    @Test("create: 201, duplicate email 409 CONFLICT, unknown property 400 VALIDATION_ERROR")
    func createRules() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let created = try await client.post(
                "/crm/v3/objects/contacts", ["properties": ["email": "new.person@example.com", "firstname": "New"]])
            #expect(created.status == 201)
            #expect(created.json?["properties"]?["lastmodifieddate"] == "2026-12-01T00:00:00.000Z")
            let duplicate = try await client.post(
                "/crm/v3/objects/contacts", ["properties": ["email": "NEW.person@example.com"]])
            #expect(duplicate.status == 409)
            #expect(duplicate.json?["category"] == "CONFLICT")
            let unknown = try await client.post(
                "/crm/v3/objects/contacts", ["properties": ["email": "x@example.com", "shoe_size": "42"]])
            #expect(unknown.status == 400)
            #expect(unknown.json?["category"] == "VALIDATION_ERROR")
            let garbage = try await client.send("POST", "/crm/v3/objects/contacts", form: "{not json")
            #expect(garbage.status == 400)
            #expect(state.contactId(forEmail: "x@example.com") == nil)
        }
    }

    @Test("archive hides a contact from GET and search; archived=true lists it with archivedAt")
    func archive() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let deleted = try await client.send("DELETE", "/crm/v3/objects/contacts/100000000030")
            #expect(deleted.status == 204)
            #expect(try await client.get("/crm/v3/objects/contacts/100000000030").status == 404)
            let archived = try await client.get("/crm/v3/objects/contacts?archived=true")
            let first = archived.json?["results"]?.arrayValue?.first
            #expect(first?["id"] == "100000000030")
            #expect(first?["archived"] == true)
            #expect(first?["archivedAt"] == "2026-12-01T00:00:00.000Z")
            let search = try await client.post(
                "/crm/v3/objects/contacts/search",
                [
                    "filterGroups": [
                        ["filters": [["propertyName": "email", "operator": "EQ", "value": "hsonly30@example.com"]]]
                    ]
                ])
            #expect(search.json?["total"] == 0)
        }
    }

    @Test("list pages with after cursors, limit at most 100")
    func listPaging() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            var after: String? = nil
            var ids: [String] = []
            repeat {
                let reply = try await client.get(
                    "/crm/v3/objects/contacts?limit=10" + (after.map { "&after=\($0)" } ?? ""))
                ids += (reply.json?["results"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                after = reply.json?["paging"]?["next"]?["after"]?.stringValue
            } while after != nil
            #expect(ids.count == 45)
            #expect(Set(ids).count == 45)
            #expect(try await client.get("/crm/v3/objects/contacts?limit=101").status == 400)
        }
    }
}
