import Foundation
import HubSpotSandbox
import SandboxKit
import Testing

@Suite("HubSpot sandbox: search paging and limits")
struct SandboxSearchTests {
    static func lastModifiedQuery(after: String? = nil, limit: Int64 = 200, since: String = "0") -> JSONValue {
        var body: [String: JSONValue] = [
            "filterGroups": [
                ["filters": [["propertyName": "lastmodifieddate", "operator": "GTE", "value": .string(since)]]]
            ],
            "sorts": [["propertyName": "lastmodifieddate", "direction": "ASCENDING"]],
            "properties": ["email"], "limit": .int(limit),
        ]
        if let after { body["after"] = .string(after) }
        return .object(body)
    }

    @Test("pages of 200 with string offsets, ascending, no paging on the last page")
    func paging() async throws {
        let state = HubSpotSandbox.generated(contacts: 450, randomSeed: 7)
        try await SandboxHarness.with(state) { client, _ in
            var after: String? = nil
            var seen: [String] = []
            var stamps: [String] = []
            var pages = 0
            repeat {
                let reply = try await client.post(
                    "/crm/v3/objects/contacts/search", Self.lastModifiedQuery(after: after))
                #expect(reply.status == 200)
                let json = reply.json
                #expect(json?["total"] == 450)
                let results = json?["results"]?.arrayValue ?? []
                seen += results.compactMap { $0["id"]?.stringValue }
                stamps += results.compactMap { $0["properties"]?["lastmodifieddate"]?.stringValue }
                after = json?["paging"]?["next"]?["after"]?.stringValue
                pages += 1
                if pages == 1 { #expect(after == "200") }
            } while after != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 450)
            #expect(Set(seen).count == 450)
            #expect(stamps == stamps.sorted())
        }
    }

    @Test("limit above 200 and paging past 10,000 are 400 VALIDATION_ERROR")
    func limits() async throws {
        try await SandboxHarness.with(HubSpotSandbox.generated(contacts: 10, randomSeed: 1)) { client, _ in
            let tooBig = try await client.post("/crm/v3/objects/contacts/search", Self.lastModifiedQuery(limit: 201))
            #expect(tooBig.status == 400)
            #expect(tooBig.json?["category"] == "VALIDATION_ERROR")
            let pastCap = try await client.post(
                "/crm/v3/objects/contacts/search", Self.lastModifiedQuery(after: "9900", limit: 200))
            #expect(pastCap.status == 400)
            #expect(pastCap.json?["category"] == "VALIDATION_ERROR")
            let atCap = try await client.post(
                "/crm/v3/objects/contacts/search", Self.lastModifiedQuery(after: "9800", limit: 200))
            #expect(atCap.status == 200)
            let huge = try await client.post(
                "/crm/v3/objects/contacts/search", Self.lastModifiedQuery(after: "9223372036854775807"))
            #expect(huge.status == 400)
            let twoSorts = try await client.post(
                "/crm/v3/objects/contacts/search",
                [
                    "sorts": [["propertyName": "email"], ["propertyName": "firstname"]]
                ])
            #expect(twoSorts.status == 400)
        }
    }

    @Test("generated data: 25,000 contacts, 12,000 sharing one lastmodifieddate")
    func sharedTimestamp() async throws {
        let options = HubSpotGenerationOptions(contactsSharingTimestamp: 12_000)
        let state = HubSpotSandbox.generated(contacts: 25_000, randomSeed: 42, options: options)
        #expect(state.contactCount == 25_000)
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post(
                "/crm/v3/objects/contacts/search",
                [
                    "filterGroups": [
                        [
                            "filters": [
                                [
                                    "propertyName": "lastmodifieddate", "operator": "EQ",
                                    "value": .string(String(options.sharedTimestampMs)),
                                ]
                            ]
                        ]
                    ],
                    "limit": 1,
                ])
            #expect(reply.json?["total"] == 12_000)
            let iso = try await client.post(
                "/crm/v3/objects/contacts/search",
                [
                    "filterGroups": [
                        [
                            "filters": [
                                [
                                    "propertyName": "lastmodifieddate", "operator": "EQ",
                                    "value": "2026-06-01T00:00:00.000Z",
                                ]
                            ]
                        ]
                    ],
                    "limit": 1,
                ])
            #expect(iso.json?["total"] == 12_000)
        }
        let again = HubSpotSandbox.generated(contacts: 25_000, randomSeed: 42, options: options)
        #expect(again.contact(id: "200000012345") == state.contact(id: "200000012345"))
    }

    @Test("operators: IN, BETWEEN on hs_object_id, HAS_PROPERTY, NOT_HAS_PROPERTY, OR across groups")
    func operators() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let queries: [(JSONValue, JSONValue)] = [
                (
                    [
                        [
                            "filters": [
                                [
                                    "propertyName": "email", "operator": "IN",
                                    "values": ["person05@example.com", "person06@example.com"],
                                ]
                            ]
                        ]
                    ], 2
                ),
                (
                    [
                        [
                            "filters": [
                                [
                                    "propertyName": "hs_object_id", "operator": "BETWEEN", "value": "100000000005",
                                    "highValue": "100000000009",
                                ]
                            ]
                        ]
                    ], 5
                ),
                ([["filters": [["propertyName": "phone", "operator": "NOT_HAS_PROPERTY"]]]], 1),
                ([["filters": [["propertyName": "hs_email_optout_1001", "operator": "HAS_PROPERTY"]]]], 1),
                (
                    [
                        ["filters": [["propertyName": "firstname", "operator": "EQ", "value": "ava"]]],
                        ["filters": [["propertyName": "lastname", "operator": "EQ", "value": "Okafor"]]],
                    ], 2
                ),
            ]
            for (groups, expected) in queries {
                let reply = try await client.post("/crm/v3/objects/contacts/search", ["filterGroups": groups])
                #expect(reply.json?["total"] == expected, "\(groups.jsonString)")
            }
        }
    }

    @Test("index lag hides fresh writes from search only")
    func indexLag() async throws {
        let state = try SandboxHarness.demoState()
        state.searchIndexLag = 5
        try await SandboxHarness.with(state) { client, _ in
            _ = try await client.send(
                "PATCH", "/crm/v3/objects/contacts/100000000005", json: ["properties": ["firstname": "Lagged"]])
            let query: JSONValue = [
                "filterGroups": [["filters": [["propertyName": "firstname", "operator": "EQ", "value": "Lagged"]]]]
            ]
            #expect(try await client.post("/crm/v3/objects/contacts/search", query).json?["total"] == 0)
            state.clock.advance(by: 6)
            #expect(try await client.post("/crm/v3/objects/contacts/search", query).json?["total"] == 1)
        }
    }
}
