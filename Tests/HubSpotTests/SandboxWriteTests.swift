import Foundation
import HubSpotSandbox
import SandboxKit
import Testing

@Suite("HubSpot sandbox: batch writes, merges, events, limits, faults")
struct SandboxWriteTests {
    @Test("batch upsert: 207 with per-input errors naming the input, good inputs applied with new flags")
    func upsertPartial() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                [
                    "inputs": [
                        ["id": "fresh@example.com", "idProperty": "email", "properties": ["firstname": "Fresh"]],
                        ["id": "person05@example.com", "idProperty": "email", "properties": ["firstname": "Changed"]],
                        ["id": "not-an-email", "idProperty": "email", "properties": ["firstname": "Bad"]],
                        ["id": "FRESH@example.com", "idProperty": "email", "properties": ["firstname": "Twice"]],
                    ]
                ])
            #expect(reply.status == 207)
            #expect(reply.json?["numErrors"] == 2)
            #expect(reply.json?["status"] == "COMPLETE")
            let results = reply.json?["results"]?.arrayValue ?? []
            #expect(results.map { $0["new"] } == [true, false])
            let contexts = (reply.json?["errors"]?.arrayValue ?? []).map { $0["context"]?["ids"] }
            #expect(contexts == [["not-an-email"], ["FRESH@example.com"]])
            #expect(
                state.contact(id: state.contactId(forEmail: "fresh@example.com") ?? "")?["properties"]?["firstname"]
                    == "Fresh")
            #expect(state.contact(id: "100000000005")?["properties"]?["firstname"] == "Changed")
            let tooMany = try await client.post(
                "/crm/v3/objects/contacts/batch/upsert",
                [
                    "inputs": .array(
                        Array(
                            repeating: ["id": "a@example.com", "idProperty": "email", "properties": [:]], count: 101))
                ])
            #expect(tooMany.status == 400)
        }
    }

    @Test("merge: survivor lists the absorbed id; the old id resolves to the survivor")
    func merge() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let merged = try await client.post(
                "/crm/v3/objects/contacts/merge",
                ["primaryObjectId": "100000000005", "objectIdToMerge": "100000000006"])
            #expect(merged.status == 200)
            #expect(merged.json?["id"] == "100000000005")
            #expect(merged.json?["properties"]?["hs_merged_object_ids"] == "100000000006")
            let alias = try await client.get("/crm/v3/objects/contacts/100000000006")
            #expect(alias.status == 200)
            #expect(alias.json?["id"] == "100000000005")
            let byEmail = try await client.get("/crm/v3/objects/contacts/person06%40example.com?idProperty=email")
            #expect(byEmail.json?["id"] == "100000000005")
        }
    }

    @Test("custom events and email events; a repeated event id shows in the write log")
    func events() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let event: JSONValue = [
                "eventName": "pe100_order", "email": "person05@example.com",
                "properties": ["vendorsync_event_id": "evt-1"],
            ]
            #expect(try await client.post("/events/v3/send", event).status == 204)
            #expect(try await client.post("/events/v3/send", event).status == 204)
            #expect(state.writeLog.repeatedIdempotencyKeys() == ["evt-1": 2])
            let log = try await client.get("/_sandbox/writes")
            #expect(log.json?["count"] == 2)

            let page = try await client.get("/email/public/v1/events?recipient=person05%40example.com&limit=2")
            #expect(page.json?["hasMore"] == true)
            #expect(page.json?["events"]?.arrayValue?.map { $0["type"] } == ["SENT", "DELIVERED"])
            let rest = try await client.get(
                "/email/public/v1/events?recipient=person05%40example.com&limit=2&offset=\(page.json?["offset"]?.stringValue ?? "")"
            )
            #expect(rest.json?["hasMore"] == false)
            #expect(rest.json?["events"]?.arrayValue?.map { $0["type"] } == ["OPEN"])
        }
    }

    @Test("rate limit headers on every call, 429 TEN_SECONDLY_ROLLING after the burst")
    func rateLimit() async throws {
        let configuration = SandboxConfiguration(rateLimits: .vendor)
        try await SandboxHarness.with(
            try SandboxHarness.demoState(), configuration: configuration,
            rateLimits: HubSpotRateLimits(burst: 3)
        ) { client, _ in
            var remaining: [String?] = []
            for _ in 0..<3 {
                let reply = try await client.get("/crm/v3/objects/contacts?limit=1")
                #expect(reply.status == 200)
                #expect(reply.headers["x-hubspot-ratelimit-max"] == "3")
                #expect(reply.headers["x-hubspot-ratelimit-interval-milliseconds"] == "10000")
                #expect(reply.headers["x-hubspot-ratelimit-daily"] == "1000000")
                remaining.append(reply.headers["x-hubspot-ratelimit-remaining"])
            }
            #expect(remaining == ["2", "1", "0"])
            let refused = try await client.get("/crm/v3/objects/contacts?limit=1")
            #expect(refused.status == 429)
            #expect(refused.json?["errorType"] == "RATE_LIMIT")
            #expect(refused.json?["policyName"] == "TEN_SECONDLY_ROLLING")
        }
    }

    @Test("faults are injected before handling, never applied, and counted")
    func faults() async throws {
        let state = try SandboxHarness.demoState()
        let configuration = SandboxConfiguration(rateLimits: .off, faults: try FaultSpec(parsing: "5xx=1"))
        try await SandboxHarness.with(state, configuration: configuration) { client, sandbox in
            let reply = try await client.post(
                "/crm/v3/objects/contacts", ["properties": ["email": "ghost@example.com"]])
            #expect(reply.status == 503)
            #expect(reply.json?["status"] == "error")
            _ = try await client.get("/crm/v3/objects/contacts")
            #expect(state.contactId(forEmail: "ghost@example.com") == nil)
            #expect(state.writeLog.count == 0)
            #expect(sandbox.faultCounters.count(.serverError) == 2)
            let admin = try await client.get("/_sandbox/faults")
            #expect(admin.status == 200)
            #expect(admin.json?["faults"]?["5xx"] == 2)
        }
    }
}
