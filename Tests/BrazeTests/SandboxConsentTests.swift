import BrazeSandbox
import Foundation
import SandboxKit
import Testing

@Suite("Braze sandbox: email status, unsubscribe lists, subscription groups, limits, faults")
struct SandboxConsentTests {
    @Test("email/status reaches every profile sharing the address, and addresses with no profile yet")
    func emailStatus() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            let reply = try await client.post(
                "/email/status", ["email": "shared.inbox@example.com", "subscription_state": "unsubscribed"])
            #expect(reply.status == 201)
            #expect(reply.json?["message"] == "success")
            #expect(state.profile(externalId: "cust-0040")?["email_subscribe"] == "unsubscribed")
            #expect(state.profile(externalId: "cust-0041")?["email_subscribe"] == "unsubscribed")
            #expect(state.unsubscribedAt(email: "shared.inbox@example.com") == 1_796_083_200_000)

            _ = try await client.post(
                "/email/status", ["email": ["future@example.com"], "subscription_state": "unsubscribed"])
            _ = try await client.post(
                "/users/track", ["attributes": [["external_id": "cust-0100", "email": "future@example.com"]]])
            #expect(state.profile(externalId: "cust-0100")?["email_subscribe"] == "unsubscribed")

            let bad = try await client.post("/email/status", ["email": "x@example.com", "subscription_state": "gone"])
            #expect(bad.status == 400)
        }
    }

    @Test("track email_subscribe unsubscribed records the unsubscribe time")
    func trackUnsubscribe() async throws {
        let state = try SandboxHarness.demoState()
        try await SandboxHarness.with(state) { client, _ in
            _ = try await client.post(
                "/users/track", ["attributes": [["external_id": "cust-0010", "email_subscribe": "unsubscribed"]]])
            let list = try await client.get("/email/unsubscribes?start_date=2026-11-30&end_date=2026-12-01")
            #expect(list.json?["emails"]?.arrayValue?.map { $0["email"] } == ["person10@example.com"])
            #expect(list.json?["emails"]?.arrayValue?.first?["unsubscribed_at"] == "2026-12-01 00:00:00 +0000")
        }
    }

    @Test("unsubscribes: newest first, limit and offset paging, end_date required")
    func unsubscribesPaging() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let base = "/email/unsubscribes?start_date=2026-01-01&end_date=2026-12-31&limit=1"
            let first = try await client.get(base + "&offset=0")
            #expect(first.status == 200)
            #expect(first.json?["message"] == "success")
            #expect(
                first.json?["emails"] == [
                    ["email": "ava.optout@example.com", "unsubscribed_at": "2026-11-20 10:00:00 +0000"]
                ])
            let second = try await client.get(base + "&offset=1")
            #expect(
                second.json?["emails"] == [
                    ["email": "ben.optin@example.com", "unsubscribed_at": "2026-03-01 09:00:00 +0000"]
                ])
            let third = try await client.get(base + "&offset=2")
            #expect(third.json?["emails"] == [])
            let ascending = try await client.get(base + "&sort_direction=asc")
            #expect(ascending.json?["emails"]?.arrayValue?.first?["email"] == "ben.optin@example.com")
            let byEmail = try await client.get("/email/unsubscribes?end_date=2026-01-01&email=ava.optout%40example.com")
            #expect(byEmail.json?["emails"]?.arrayValue?.count == 1)
            #expect(try await client.get("/email/unsubscribes?start_date=2026-01-01").status == 400)
            #expect(
                try await client.get("/email/unsubscribes?start_date=2026-01-01&end_date=2026-12-31&limit=501").status
                    == 400)
            let bounces = try await client.get("/email/hard_bounces?start_date=2026-01-01&end_date=2026-12-31")
            #expect(bounces.json?["emails"]?.arrayValue?.first?["hard_bounced_at"] == "2026-07-15 14:30:00 +0000")
            let phones = try await client.get("/sms/invalid_phone_numbers?start_date=2026-01-01&end_date=2026-12-31")
            #expect(phones.json?["sms"] == [])
        }
    }

    @Test("subscription groups: set by email reaches both profiles; get is capitalised, user status lower-case")
    func subscriptionGroups() async throws {
        try await SandboxHarness.with(try SandboxHarness.demoState()) { client, _ in
            let group = "3f1e7c9a-0000-4000-8000-00000000abcd"
            let set = try await client.post(
                "/subscription/status/set",
                [
                    "subscription_group_id": .string(group), "subscription_state": "unsubscribed",
                    "email": ["shared.inbox@example.com"],
                ])
            #expect(set.status == 201)
            let get = try await client.get(
                "/subscription/status/get?subscription_group_id=\(group)&external_id=cust-0040,cust-0041,cust-0001")
            #expect(
                get.json?["status"] == [
                    "cust-0040": "Unsubscribed", "cust-0041": "Unsubscribed", "cust-0001": "Unknown",
                ])
            _ = try await client.post(
                "/v2/subscription/status/set",
                [
                    "subscription_groups": [
                        [
                            "subscription_group_id": .string(group), "subscription_state": "subscribed",
                            "external_ids": ["cust-0001"],
                        ]
                    ]
                ])
            let user = try await client.get("/subscription/user/status?external_id=cust-0001")
            #expect(user.json?["success"] == true)
            #expect(
                user.json?["subscription_groups"] == [
                    ["subscription_group_id": .string(group), "subscription_status": "subscribed"]
                ])
            let both = try await client.post(
                "/subscription/status/set",
                [
                    "subscription_group_id": .string(group), "subscription_state": "subscribed",
                    "email": "a@example.com", "phone": "+15550000000",
                ])
            #expect(both.status == 400)
            #expect(
                both.json?["message"] == "Either an email address or a phone number should be provided, but not both.")
        }
    }

    @Test("rate-limit headers are lower-case with an epoch-seconds reset; 429 past the limit")
    func rateLimit() async throws {
        try await SandboxHarness.with(
            try SandboxHarness.demoState(), configuration: SandboxConfiguration(rateLimits: .vendor),
            rateLimits: BrazeRateLimits(track: 2)
        ) { client, _ in
            let body: JSONValue = ["attributes": [["external_id": "cust-0001", "home_city": "Rome"]]]
            let first = try await client.post("/users/track", body)
            #expect(first.headers["x-ratelimit-limit"] == "2")
            #expect(first.headers["x-ratelimit-remaining"] == "1")
            #expect(first.headers["x-ratelimit-reset"] == "1796083203")
            #expect(try await client.post("/users/track", body).status == 201)
            let refused = try await client.post("/users/track", body)
            #expect(refused.status == 429)
            #expect(refused.headers["x-ratelimit-remaining"] == "0")
            let other = try await client.get("/email/unsubscribes?start_date=2026-01-01&end_date=2026-12-31")
            #expect(other.status == 200)
            #expect(other.headers["x-ratelimit-limit"] == "250000")
        }
    }

    @Test("429 faults are answered before handling and counted")
    func faults() async throws {
        let state = try SandboxHarness.demoState()
        let configuration = SandboxConfiguration(rateLimits: .off, faults: try FaultSpec(parsing: "429=1"))
        try await SandboxHarness.with(state, configuration: configuration) { client, sandbox in
            let reply = try await client.post("/users/track", ["attributes": [["external_id": "ghost-1"]]])
            #expect(reply.status == 429)
            #expect(state.profile(externalId: "ghost-1") == nil)
            #expect(sandbox.faultCounters.count(.rateLimited) == 1)
            let admin = try await client.get("/_sandbox/faults")
            #expect(admin.json?["faults"]?["429"] == 1)
        }
    }
}
