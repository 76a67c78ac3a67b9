import BrazeSandbox
import Foundation
import SandboxKit
import Testing
import ZIPFoundation

@Suite("Braze sandbox: auth, /users/track, /users/export/ids")
struct SandboxTrackTests {
    @Test("a wrong or missing API key answers 401 {message: Invalid API key: ...}")
    func unauthorized() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            for key in [nil, "wrong-key"] {
                var other = client
                other.token = key
                let reply = try await other.post("/users/track", ["attributes": [["external_id": "cust-0001"]]])
                #expect(reply.status == 401)
                #expect(reply.json?["message"]?.stringValue?.hasPrefix("Invalid API key: ") == true)
                #expect(reply.json?["message"]?.stringValue?.contains("wrong-key") == false)
            }
        }
    }

    @Test("track: bad objects reported by array and index, the others applied")
    func partialErrors() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post(
                "/users/track",
                [
                    "attributes": [
                        ["external_id": "cust-0005", "first_name": "Renamed", "loyalty": ["inc": 2]],
                        ["first_name": "Nobody"],
                        ["external_id": "cust-0006", "email_subscribe": "maybe"],
                        ["external_id": "new-0099", "email": "new99@example.com"],
                    ],
                    "events": [
                        ["external_id": "cust-0005", "name": "order", "time": "2026-11-01T10:00:00Z"],
                        ["external_id": "cust-0005", "name": "order", "time": "not a time"],
                    ],
                ])
            #expect(reply.status == 201)
            #expect(reply.json?["message"] == "success")
            #expect(reply.json?["attributes_processed"] == 2)
            #expect(reply.json?["events_processed"] == 1)
            let errors = reply.json?["errors"]?.arrayValue ?? []
            #expect(errors.map { $0["input_array"] } == ["attributes", "attributes", "events"])
            #expect(errors.map { $0["index"] } == [1, 2, 1])
            #expect(state.profile(externalId: "cust-0005")?["first_name"] == "Renamed")
            #expect(state.profile(externalId: "cust-0005")?["custom_attributes"]?["loyalty"] == 2)
            #expect(state.profile(externalId: "cust-0006")?["email_subscribe"] == "subscribed")
            #expect(state.profile(externalId: "new-0099")?["email"] == "new99@example.com")
        }
    }

    @Test("track: more than 75 per array (or over the combined limit) is 400 and nothing applies")
    func inputLimits() async throws {
        let attributes: [JSONValue] = (0..<76).map { ["external_id": .string("bulk-\($0)"), "first_name": "B"] }
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post("/users/track", ["attributes": .array(attributes)])
            #expect(reply.status == 400)
            #expect(reply.json?["message"] == "Max Input Length Exceeded")
            #expect(state.profile(externalId: "bulk-0") == nil)
        }
        let forty: [JSONValue] = Array(attributes.prefix(30))
        try await SandboxHarness.with(try SandboxHarness.demoState(), trackLimits: .combined(50)) { client, _ in
            let events: [JSONValue] = (0..<30).map { _ in
                ["external_id": "cust-0001", "name": "e", "time": "2026-01-01T00:00:00Z"]
            }
            let reply = try await client.post("/users/track", ["attributes": .array(forty), "events": .array(events)])
            #expect(reply.status == 400)
        }
    }

    @Test("track: email-only writes land on the most recently updated profile with an external_id")
    func emailResolution() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            state.clock.advance(by: 60)
            _ = try await client.post(
                "/users/track", ["attributes": [["external_id": "cust-0040", "home_city": "Oslo"]]])
            state.clock.advance(by: 60)
            let reply = try await client.post(
                "/users/track", ["attributes": [["email": "shared.inbox@example.com", "language": "fr"]]])
            #expect(reply.status == 201)
            #expect(state.profile(externalId: "cust-0040")?["language"] == "fr")
            #expect(state.profile(externalId: "cust-0041")?["language"] == "en")
            _ = try await client.post(
                "/users/track", ["attributes": [["email": "walkin@example.com", "first_name": "Walk"]]])
            #expect(state.profileIds(email: "walkin@example.com").count == 1)
        }
    }

    @Test("export by ids: created_at format, invalid ids, more than 50 is 400")
    func export() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let reply = try await client.post(
                "/users/export/ids",
                [
                    "external_ids": ["cust-0003", "nobody"],
                    "fields_to_export": ["external_id", "last_name", "created_at", "email_subscribe"],
                ])
            #expect(reply.status == 201)
            #expect(reply.json?["message"] == "success")
            let user = reply.json?["users"]?.arrayValue?.first
            #expect(user?["created_at"] == "2026-02-01 00:00:00.000 UTC")
            #expect(user?["last_name"] == "Smith")
            #expect(user?["first_name"] == nil)
            #expect(reply.json?["invalid_user_ids"] == ["nobody"])
            let byEmail = try await client.post("/users/export/ids", ["email_address": "shared.inbox@example.com"])
            #expect(byEmail.json?["users"]?.arrayValue?.count == 2)
            let ids: [JSONValue] = (0..<51).map { .string("id-\($0)") }
            let tooMany = try await client.post("/users/export/ids", ["external_ids": .array(ids)])
            #expect(tooMany.status == 400)
            #expect(tooMany.json?["message"] == "The max number of external_ids and aliases per request was exceeded")
        }
    }

    @Test("a repeated event id is visible in the write log")
    func duplicateEvents() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let event: JSONValue = [
                "events": [
                    [
                        "external_id": "cust-0007", "name": "hubspot_email_open", "time": "2026-11-01T00:00:00Z",
                        "properties": ["vendorsync_event_id": "evt-77"],
                    ]
                ]
            ]
            #expect(try await client.post("/users/track", event).status == 201)
            #expect(try await client.post("/users/track", event).status == 201)
            #expect(state.writeLog.repeatedIdempotencyKeys() == ["evt-77": 2])
            #expect(state.events(externalId: "cust-0007").count == 2)
            let log = try await client.get("/_sandbox/writes")
            #expect(log.json?["writes"]?.arrayValue?.first?["idempotencyKey"] == "evt-77")
        }
    }

    @Test("track: _update_existing_only skips unknown ids; null removes attributes")
    func updateOnlyAndNull() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post(
                "/users/track",
                [
                    "attributes": [
                        ["external_id": "nobody-1", "_update_existing_only": true, "first_name": "Ghost"],
                        ["external_id": "cust-0008", "home_city": "Lima", "tier": "gold"],
                    ]
                ])
            #expect(reply.json?["attributes_processed"] == 1)
            #expect(state.profile(externalId: "nobody-1") == nil)
            _ = try await client.post(
                "/users/track", ["attributes": [["external_id": "cust-0008", "home_city": nil, "tier": nil]]])
            #expect(state.profile(externalId: "cust-0008")?["home_city"] == nil)
            #expect(state.profile(externalId: "cust-0008")?["custom_attributes"] == [:])
        }
    }

    @Test("segment export answers Braze's async shape and its url serves a ZIP of JSON lines")
    func segmentExport() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let reply = try await client.post(
                "/users/export/segment",
                [
                    "segment_id": "all-users", "fields_to_export": ["external_id", "email", "email_subscribe"],
                ])
            #expect(reply.status == 201)
            let json = reply.json
            #expect(json?["message"] == "success")
            let url = json?["url"]?.stringValue ?? ""
            let path = String(url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
            var anonymous = client
            anonymous.token = nil
            // Not written yet: the first polls answer like S3 for a missing object.
            #expect(try await anonymous.get(path).status == 404)
            #expect(try await anonymous.get(path).status == 403)
            let download = try await anonymous.get(path)
            #expect(download.status == 200)
            #expect(Array(download.body.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
            let archive = try Archive(data: download.body, accessMode: .read)
            var lines = Data()
            for entry in archive { _ = try archive.extract(entry) { lines.append($0) } }
            let text = String(decoding: lines, as: UTF8.self)
            #expect(
                text.contains(
                    #"{"email":"brazeonly31@example.com","email_subscribe":"subscribed","external_id":"cust-0031"}"#))
            let missing = try await client.post("/users/export/segment", ["segment_id": "x"])
            #expect(missing.status == 400)
        }
    }
}
