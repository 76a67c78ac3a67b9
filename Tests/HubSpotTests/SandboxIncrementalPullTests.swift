import Foundation
import HubSpotSandbox
import SandboxKit
import Testing

@Suite("HubSpot sandbox: incremental pull past the 10,000-result cap")
struct SandboxIncrementalPullTests {
    @Test("tie-safe incremental pull over 25,000 contacts (12,000 sharing one timestamp) sees every contact once")
    func tieSafeIncrementalPull() async throws {
        let options = HubSpotGenerationOptions(contactsSharingTimestamp: 12_000)
        try await SandboxHarness.with(HubSpotSandbox.generated(contacts: 25_000, randomSeed: 3, options: options)) {
            client, _ in
            var cursor: (ms: Int64, id: Int64) = (0, 0)
            var seen = Set<String>()
            var requests = 0
            var after = 0
            while requests < 400 {
                let groups: JSONValue = [
                    [
                        "filters": [
                            [
                                "propertyName": "lastmodifieddate", "operator": "EQ",
                                "value": .string(String(cursor.ms)),
                            ],
                            ["propertyName": "hs_object_id", "operator": "GT", "value": .string(String(cursor.id))],
                        ]
                    ],
                    [
                        "filters": [
                            ["propertyName": "lastmodifieddate", "operator": "GT", "value": .string(String(cursor.ms))]
                        ]
                    ],
                ]
                let reply = try await client.post(
                    "/crm/v3/objects/contacts/search",
                    [
                        "filterGroups": groups,
                        "sorts": [["propertyName": "lastmodifieddate", "direction": "ASCENDING"]],
                        "limit": 200, "after": .string(String(after)),
                    ])
                requests += 1
                #expect(reply.status == 200)
                let json = reply.json
                let results = json?["results"]?.arrayValue ?? []
                for result in results { seen.insert(result["id"]?.stringValue ?? "") }
                guard let next = json?["paging"]?["next"]?["after"]?.stringValue, let offset = Int(next) else { break }
                if offset + 200 > 10_000, let last = results.last {
                    let stamp =
                        last["properties"]?["lastmodifieddate"]?.stringValue.flatMap(SandboxTimestamp.parse) ?? 0
                    cursor = (stamp, Int64(last["id"]?.stringValue ?? "") ?? 0)
                    after = 0
                } else {
                    after = offset
                }
            }
            #expect(seen.count == 25_000)
            #expect(requests < 140)
        }
    }
}
