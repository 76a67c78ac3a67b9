import ConnectorKit
import Foundation
import Testing

/// When retries run out, the error says why the last attempt failed and what was tried (method, host, path),
/// never a query string or a secret.
@Suite struct VendorHTTPClientGiveUpTests {
    @Test func anUnreachableVendorNamesTheCauseAndTheTarget() async throws {
        let transport = AsyncHTTPClientTransport(configuration: .init(connectTimeout: .seconds(2)))
        let clock = ManualClock()
        let client = VendorHTTPClient(
            vendor: "testvendor", baseURL: URL(string: "http://127.0.0.1:1/api")!, transport: transport,
            auth: StaticBearerAuth(token: "pat-secret-token"),
            retry: RetryPolicy(maxAttempts: 3, baseDelayMs: 500), clock: clock.epochClock, random: .maximum
        )
        let request = VendorRequest(
            .get, "/contacts/a%40example.com", query: [URLQueryItem(name: "hapikey", value: "query-secret")],
            operation: "contacts.get")
        let error = await #expect(throws: ConnectorError.self) { try await client.send(request) }
        try await transport.shutdown()
        let text = error.map { "\($0)" } ?? ""
        #expect(error?.code == .transient)
        #expect(text.contains("gave up after 3 attempts at GET 127.0.0.1:1/api/contacts/"), "\(text)")
        #expect(text.contains(": connection refused"), "\(text)")
        for secret in ["hapikey", "query-secret", "pat-secret-token", "a@example.com", "a%40example.com"] {
            #expect(!text.contains(secret), "\(text)")
            #expect(!(error.map { String(reflecting: $0) } ?? "").contains(secret))
        }
    }

    @Test func runningOutOnServerErrorsNamesTheLastStatus() async throws {
        let transport = StubTransport { _ in VendorResponse(status: 503) }
        let client = VendorHTTPClient(
            vendor: "stub", baseURL: URL(string: "https://api.example.invalid")!, transport: transport,
            retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 0), random: .maximum
        )
        let error = await #expect(throws: ConnectorError.self) {
            try await client.send(VendorRequest(.post, "/v1/batch", operation: "batch"))
        }
        #expect(error?.message == "gave up after 2 attempts at POST api.example.invalid/v1/batch: HTTP 503")
    }
}
