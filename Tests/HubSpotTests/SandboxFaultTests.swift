import Foundation
import HubSpotSandbox
import SandboxKit
import Testing

@Suite("HubSpot sandbox: fault kinds, search rate limit, versioned paths, large generated portals")
struct SandboxFaultTests {
    @Test("timeout holds the request then answers 504; malformed is a truncated 200; neither applies the write")
    func timeoutAndMalformed() async throws {
        for (spec, status) in [("timeout=1,timeout-hold=200ms", 504), ("malformed=1", 200)] {
            let state = try SandboxHarness.demoState()
            let configuration = SandboxConfiguration(rateLimits: .off, faults: try FaultSpec(parsing: spec))
            try await SandboxHarness.with(state, configuration: configuration) { client, sandbox in
                let started = ContinuousClock.now
                let reply = try await client.post(
                    "/crm/v3/objects/contacts", ["properties": ["email": "faulted@example.com"]])
                #expect(reply.status == status)
                #expect(state.contactId(forEmail: "faulted@example.com") == nil)
                if status == 504 {
                    #expect(ContinuousClock.now - started >= .milliseconds(200))
                    #expect(sandbox.faultCounters.count(.timeout) == 1)
                } else {
                    #expect(reply.json == nil)
                    #expect(sandbox.faultCounters.count(.malformed) == 1)
                }
            }
        }
    }

    @Test("latency delays every request and is counted; admin endpoints are never faulted")
    func latency() async throws {
        let configuration = SandboxConfiguration(rateLimits: .off, faults: try FaultSpec(parsing: "latency=50ms,5xx=1"))
        try await SandboxHarness.with(try SandboxHarness.demoState(), configuration: configuration) { client, sandbox in
            let started = ContinuousClock.now
            let faulted = try await client.get("/crm/v3/objects/contacts")
            #expect(faulted.status == 503)
            #expect(ContinuousClock.now - started >= .milliseconds(50))
            let admin = try await client.get("/_sandbox/writes")
            #expect(admin.status == 200)
            #expect(sandbox.faultCounters.count(.latency) == 1)
            #expect(sandbox.faultCounters.requestCount == 1)
        }
    }

    @Test("search is limited per second (SECONDLY) and exempt from the ten-secondly bucket")
    func searchSecondly() async throws {
        let limits = HubSpotRateLimits(burst: 1, searchPerSecond: 2)
        try await SandboxHarness.with(
            try SandboxHarness.demoState(), configuration: SandboxConfiguration(rateLimits: .vendor),
            rateLimits: limits
        ) { client, _ in
            let query: JSONValue = ["limit": 1]
            #expect(try await client.post("/crm/v3/objects/contacts/search", query).status == 200)
            #expect(try await client.post("/crm/v3/objects/contacts/search", query).status == 200)
            let refused = try await client.post("/crm/v3/objects/contacts/search", query)
            #expect(refused.status == 429)
            #expect(refused.json?["policyName"] == "SECONDLY")
            #expect(try await client.get("/crm/v3/objects/contacts?limit=1").status == 200)
        }
    }

    @Test("the date-versioned contacts path serves the same data")
    func versionedPath() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let reply = try await client.get("/crm/objects/2026-03/contacts/100000000003")
            #expect(reply.json?["properties"]?["lastname"] == "Smith-Jones")
        }
    }

    @Test("120,000 generated contacts are deterministic and searchable")
    func largePortal() async throws {
        let state = HubSpotSandbox.generated(contacts: 120_000, randomSeed: 11)
        #expect(state.contactCount == 120_000)
        #expect(state.contact(id: "200000120000")?["properties"]?["email"] == "contact120000@example.com")
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post(
                "/crm/v3/objects/contacts/search",
                [
                    "filterGroups": [
                        ["filters": [["propertyName": "hs_object_id", "operator": "GT", "value": "200000119990"]]]
                    ],
                    "sorts": [["propertyName": "hs_object_id", "direction": "DESCENDING"]],
                ])
            #expect(reply.json?["total"] == 10)
            #expect(reply.json?["results"]?.arrayValue?.first?["id"] == "200000120000")
        }
    }
}
