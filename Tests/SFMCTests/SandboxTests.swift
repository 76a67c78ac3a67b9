import ConnectorTestKit
import ConnectorKit
import Foundation
import SandboxKit
import SFMCSandbox
import Testing

/// The SFMC sandbox on its own: auth, SOAP paging and filters, throttling.
@Suite("SFMC sandbox")
struct SandboxTests {
    static func with(_ state: SFMCSandboxState, configuration: SandboxConfiguration = SandboxConfiguration(rateLimits: .off),
                     rateLimits: SFMCRateLimits = SFMCRateLimits(),
                     _ body: (SandboxSOAPClient, SFMCSandbox) async throws -> Void) async throws {
        let sandbox = SFMCSandbox(configuration: configuration, state: state, rateLimits: rateLimits)
        let client = SandboxSOAPClient(baseURL: try await sandbox.start())
        do { try await body(client, sandbox) } catch {
            try? await client.shutdown()
            await sandbox.stop()
            throw error
        }
        try await client.shutdown()
        await sandbox.stop()
    }

    static func retrieve(_ type: String, _ properties: [String], filter: String = "", extra: String = "") -> String {
        "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest><ObjectType>\(type)</ObjectType>"
            + properties.map { "<Properties>\($0)</Properties>" }.joined() + filter + extra + "</RetrieveRequest></RetrieveRequestMsg>"
    }

    @Test("bad client credentials get SFMC's 401 invalid_client; the token response points back at the sandbox")
    func token() async throws {
        try await Self.with(SFMCSandboxState()) { client, sandbox in
            await #expect(throws: TestFailure.self) { _ = try await client.token(clientSecret: "nope") }
            let token = try await client.token()
            #expect(token.hasPrefix("sbx-"))
            #expect(sandbox.tokenLifetimeSeconds == 1_080)
        }
    }

    @Test("paging: 2,500 rows a page, MoreDataAvailable + RequestID, ContinueRequest, OK at the end; path case-insensitive")
    func paging() async throws {
        let state = SFMCSandbox.generated(subscribers: 5_001, randomSeed: 2)
        try await Self.with(state) { client, _ in
            let token = try await client.token()
            let first = try await client.soap(action: "Retrieve", body: Self.retrieve("Subscriber", ["SubscriberKey"]), token: token,
                                              path: "service.ASMX")
            #expect(first.text.contains("<OverallStatus>MoreDataAvailable</OverallStatus>"))
            #expect(first.text.components(separatedBy: "<Results ").count - 1 == 2_500)
            let id = try #require(first.text.components(separatedBy: "<RequestID>").dropFirst().first?.components(separatedBy: "<").first)
            let cont = "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest>"
                + "<ContinueRequest>\(id)</ContinueRequest></RetrieveRequest></RetrieveRequestMsg>"
            let second = try await client.soap(action: "Retrieve", body: cont, token: token)
            #expect(second.text.contains("MoreDataAvailable"))
            let third = try await client.soap(action: "Retrieve", body: cont, token: token)
            #expect(third.text.contains("<OverallStatus>OK</OverallStatus>"))
            #expect(third.text.components(separatedBy: "<Results ").count - 1 == 1)
        }
    }

    @Test("filters: a one-value IN is refused with an Error: status; equals, IN, between and AND/OR work")
    func filters() async throws {
        let state = SFMCSandbox.generated(subscribers: 10, randomSeed: 2)
        try await Self.with(state) { client, _ in
            let token = try await client.token()
            func count(_ filter: String) async throws -> (Int, String) {
                let r = try await client.soap(action: "Retrieve", body: Self.retrieve("Subscriber", ["SubscriberKey"], filter: filter), token: token)
                return (r.text.components(separatedBy: "<Results ").count - 1, r.text)
            }
            func simple(_ property: String, _ op: String, _ values: [String], tag: String = "Value", name: String = "Filter") -> String {
                "<\(name) xsi:type=\"SimpleFilterPart\"><Property>\(property)</Property><SimpleOperator>\(op)</SimpleOperator>"
                    + values.map { "<\(tag)>\($0)</\(tag)>" }.joined() + "</\(name)>"
            }
            let one = try await count(simple("SubscriberKey", "IN", ["sk-gen-0000001"]))
            #expect(one.0 == 0)
            #expect(one.1.contains("<OverallStatus>Error: The IN operator requires at least two values"))
            #expect(try await count(simple("SubscriberKey", "IN", ["sk-gen-0000001", "sk-gen-0000002"])).0 == 2)
            #expect(try await count(simple("EmailAddress", "equals", ["CONTACT3@example.com"])).0 == 1)
            #expect(try await count(simple("CreatedDate", "between", ["2025-12-31T18:00:00", "2026-11-01T00:00:00Z"], tag: "DateValue")).0 == 10)
            let complex = "<Filter xsi:type=\"ComplexFilterPart\">"
                + simple("SubscriberKey", "equals", ["sk-gen-0000001"], name: "LeftOperand") + "<LogicalOperator>OR</LogicalOperator>"
                + simple("SubscriberKey", "equals", ["sk-gen-0000004"], name: "RightOperand") + "</Filter>"
            #expect(try await count(complex).0 == 2)
        }
    }

    @Test("throttling: beyond the window's requests, 429 errorcode 50100 with Retry-After")
    func throttling() async throws {
        // A manual clock: the fixed window must not roll over between the requests.
        try await Self.with(SFMCSandboxState(clock: manualClock()), configuration: SandboxConfiguration(rateLimits: .vendor),
                            rateLimits: SFMCRateLimits(requestsPerWindow: 2, windowMs: 60_000)) { client, _ in
            let token = try await client.token()
            _ = try await client.soap(action: "Retrieve", body: Self.retrieve("Subscriber", ["SubscriberKey"]), token: token)
            let limited = try await client.soap(action: "Retrieve", body: Self.retrieve("Subscriber", ["SubscriberKey"]), token: token)
            #expect(limited.status == 429)
            #expect(limited.text.contains("\"errorcode\":50100"))
        }
    }

    @Test("an expired token gets the SOAP security fault and counts as a token-ttl fault")
    func expiredToken() async throws {
        let clock = manualClock()
        try await Self.with(SFMCSandboxState(clock: clock), configuration: SandboxConfiguration(rateLimits: .off, faults: FaultSpec(tokenTTL: 5))) {
            client, sandbox in
            let token = try await client.token()
            clock.advance(by: 6)
            let fault = try await client.soap(action: "Retrieve", body: Self.retrieve("Subscriber", ["SubscriberKey"]), token: token)
            #expect(fault.status == 500)
            #expect(fault.text.contains("<faultstring>Token Expired</faultstring>"))
            #expect(sandbox.faultCounters.count(.tokenExpired) == 1)
        }
    }

    @Test("Create without UpdateAdd refuses an existing SubscriberKey with ErrorCode 12014; Update of an unknown key fails")
    func createOnly() async throws {
        let state = SFMCSandboxState()
        state.putSubscriber(key: "sk-1", email: "one@example.com", createdMs: 0)
        try await Self.with(state) { client, _ in
            let token = try await client.token()
            let object = "<Objects xsi:type=\"Subscriber\"><EmailAddress>one@example.com</EmailAddress><SubscriberKey>sk-1</SubscriberKey></Objects>"
            let create = try await client.soap(action: "Create", body: "<CreateRequest xmlns=\"http://exacttarget.com/wsdl/partnerAPI\">"
                + "<Options></Options>" + object + "</CreateRequest>", token: token)
            #expect(create.text.contains("<ErrorCode>12014</ErrorCode>"))
            #expect(create.text.contains("<OverallStatus>Has Errors</OverallStatus>"))
            let unknown = object.replacingOccurrences(of: "sk-1", with: "sk-404")
            let update = try await client.soap(action: "Update", body: "<UpdateRequest xmlns=\"http://exacttarget.com/wsdl/partnerAPI\">"
                + "<Options></Options>" + unknown + "</UpdateRequest>", token: token)
            #expect(update.text.contains("<ErrorCode>12011</ErrorCode>"))
        }
    }
}
