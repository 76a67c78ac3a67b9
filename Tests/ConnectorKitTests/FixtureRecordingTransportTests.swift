import ConnectorKit
import Foundation
import Testing

@Suite struct FixtureRecordingTransportTests {
    @Test func writesRedactedPairsThatReplay() async throws {
        let inner = StubTransport { request in
            if request.url.path == "/oauth/v1/token" {
                return VendorResponse(
                    status: 200, headers: ["Content-Type": "application/json", "Set-Cookie": "session=abc"],
                    body: Data(
                        #"{"access_token":"at-secret-123","refresh_token":"rt-secret-456","expires_in":1800}"#.utf8)
                )
            }
            return VendorResponse(
                status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"results":[]}"#.utf8))
        }
        let directory = try makeTemporaryDirectory().appendingPathComponent("hub/pull")
        let recorder = try FixtureRecordingTransport(wrapping: inner, directory: directory)
        let tokenRequest = TransportRequest(
            method: .post, url: URL(string: "http://127.0.0.1:18081/oauth/v1/token")!,
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data(
                "grant_type=refresh_token&client_id=cid&client_secret=cs-secret-789&refresh_token=rt-secret-456".utf8)
        )
        _ = try await recorder.execute(tokenRequest, timeout: .seconds(1))
        let apiRequest = TransportRequest(
            method: .get,
            url: URL(string: "http://127.0.0.1:18081/crm/v3/objects/contacts?limit=10&api_key=k-secret-000")!,
            headers: ["Authorization": "Bearer at-secret-123", "X-Api-Key": "k-secret-000"]
        )
        _ = try await recorder.execute(apiRequest, timeout: .seconds(1))

        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["001.request.json", "001.response.json", "002.request.json", "002.response.json"])
        let all = try names.map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
            .joined()
        for secret in ["at-secret-123", "rt-secret-456", "cs-secret-789", "k-secret-000", "session=abc"] {
            #expect(!all.contains(secret), "\(secret) leaked into a fixture")
        }
        let tokenFile = try String(contentsOf: directory.appendingPathComponent("001.request.json"), encoding: .utf8)
        #expect(tokenFile.contains("client_secret=REDACTED"))
        #expect(tokenFile.contains(#""path" : "/oauth/v1/token""#))
        let apiFile = try String(contentsOf: directory.appendingPathComponent("002.request.json"), encoding: .utf8)
        #expect(apiFile.contains(#""Authorization" : "REDACTED""#))

        let replay = try FixtureReplayTransport(directory: directory)
        let token = try await replay.execute(tokenRequest, timeout: .seconds(1))
        let body = try JSONSerialization.jsonObject(with: token.body) as? [String: Any]
        #expect(body?["access_token"] as? String == "REDACTED")
        #expect(body?["expires_in"] as? Int == 1800)
        _ = try await replay.execute(apiRequest, timeout: .seconds(1))
        try replay.assertAllConsumed()
    }
}

@Test func recordingIsRequestedByTheEnvironmentSwitch() {
    #expect(FixtureRecordingTransport.isRequested(environment: ["RECORD_FIXTURES": "1"]))
    #expect(!FixtureRecordingTransport.isRequested(environment: ["RECORD_FIXTURES": "0"]))
    #expect(!FixtureRecordingTransport.isRequested(environment: [:]))
}
