import ConnectorKit
import Foundation
import Testing

@Suite struct FixtureReplayTransportTests {
    /// `fixtures/testvendor/search/`: a token exchange, then a JSON search.
    func makeScenario() throws -> URL {
        let root = try makeTemporaryDirectory()
        let directory = root.appendingPathComponent("testvendor/search")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try writeFile(
            directory, "001.request.json",
            #"""
            {"method": "POST", "path": "/v2/token", "headers": {"Content-Type": "application/json"},
             "body": {"grant_type": "client_credentials", "client_id": "sandbox-client", "client_secret": "REDACTED"}}
            """#)
        try writeFile(
            directory, "001.response.json",
            #"""
            {"status": 200, "body": {"access_token": "REDACTED", "expires_in": 1079}}
            """#)
        try writeFile(
            directory, "002.request.json",
            #"""
            {"method": "POST", "path": "/crm/v3/objects/contacts/search", "query": [{"name": "archived", "value": "false"}],
             "body": {"limit": 2, "filterGroups": [], "sorts": ["lastmodifieddate"]}}
            """#)
        try writeFile(
            directory, "002.response.json",
            #"""
            {"status": 200, "headers": {"Content-Type": "application/json", "X-RateLimit-Remaining": "9"},
             "body": {"results": [{"id": "1"}], "paging": {"next": {"after": "2"}}}}
            """#)
        try writeFile(directory, "expected.json", "{}")
        return root
    }

    func tokenRequest(secret: String) -> TransportRequest {
        TransportRequest(
            method: .post, url: URL(string: "http://127.0.0.1:18083/v2/token")!,
            body: Data(
                #"{"client_secret":"\#(secret)","grant_type":"client_credentials","client_id":"sandbox-client"}"#.utf8)
        )
    }

    @Test func replaysInOrderAndMatchesSemantically() async throws {
        let replay = try FixtureReplayTransport(root: try makeScenario(), vendor: "testvendor", scenario: "search")
        #expect(replay.count == 2)
        let token = try await replay.execute(tokenRequest(secret: "the-real-secret"), timeout: .seconds(1))
        #expect(token.status == 200)
        let client = VendorHTTPClient(
            vendor: "testvendor", baseURL: URL(string: "https://api.hubapi.com")!, transport: replay)
        let search = try await client.send(
            VendorRequest(
                .post, "/crm/v3/objects/contacts/search", query: [URLQueryItem(name: "archived", value: "false")],
                body: Data(#"{"sorts":["lastmodifieddate"],"filterGroups":[],"limit":2}"#.utf8)
            ))
        #expect(search.headers["x-ratelimit-remaining"] == "9")
        let decoded = try JSONSerialization.jsonObject(with: search.body) as? [String: Any]
        #expect((decoded?["results"] as? [[String: String]])?.first?["id"] == "1")
        try replay.assertAllConsumed()
    }

    @Test func anUnexpectedRequestFailsClearly() async throws {
        let replay = try FixtureReplayTransport(root: try makeScenario(), vendor: "testvendor", scenario: "search")
        let wrongPath = TransportRequest(method: .post, url: URL(string: "http://h/v2/tokens")!)
        let error = await #expect(throws: FixtureError.self) {
            try await replay.execute(wrongPath, timeout: .seconds(1))
        }
        #expect(error?.code == .unexpectedRequest)
        #expect(error?.message.contains("fixture 001") == true)
        #expect(error?.message.contains("path: expected /v2/token, got /v2/tokens") == true)

        _ = try await replay.execute(tokenRequest(secret: "x"), timeout: .seconds(1))
        let client = VendorHTTPClient(
            vendor: "testvendor", baseURL: URL(string: "https://api.hubapi.com")!, transport: replay)
        let wrongBody = VendorRequest(
            .post, "/crm/v3/objects/contacts/search", query: [URLQueryItem(name: "archived", value: "false")],
            body: Data(#"{"limit":3,"filterGroups":[],"sorts":["lastmodifieddate"]}"#.utf8)
        )
        let wrapped = await #expect(throws: ConnectorError.self) { try await client.send(wrongBody) }
        #expect(wrapped?.code == .configuration)
        let underlying = wrapped?.underlying as? FixtureError
        #expect(underlying?.code == .unexpectedRequest)
        #expect(underlying?.message.contains("body: JSON differs") == true)
    }

    @Test func unusedFixturesAreReported() async throws {
        let replay = try FixtureReplayTransport(root: try makeScenario(), vendor: "testvendor", scenario: "search")
        _ = try await replay.execute(tokenRequest(secret: "x"), timeout: .seconds(1))
        let error = #expect(throws: FixtureError.self) { try replay.assertAllConsumed() }
        #expect(error?.code == .unusedFixtures)
        #expect(error?.message == "testvendor/search: 1 unused fixture(s): 002 (POST /crm/v3/objects/contacts/search)")
    }

    @Test func aRequestAfterTheLastFixtureFails() async throws {
        let replay = try FixtureReplayTransport(root: try makeScenario(), vendor: "testvendor", scenario: "search")
        _ = try await replay.execute(tokenRequest(secret: "x"), timeout: .seconds(1))
        let search = TransportRequest(
            method: .post, url: URL(string: "http://h/crm/v3/objects/contacts/search?archived=false")!,
            body: Data(#"{"limit":2,"filterGroups":[],"sorts":["lastmodifieddate"]}"#.utf8)
        )
        _ = try await replay.execute(search, timeout: .seconds(1))
        let error = await #expect(throws: FixtureError.self) { try await replay.execute(search, timeout: .seconds(1)) }
        #expect(error?.code == .noMoreFixtures)
    }
}
