import ConnectorTestKit
import ConnectorKit
import Foundation
import SandboxKit
import SFMCSandbox
import SyncCore
import Testing

/// Validates the sandbox's SOAP responses against the XML Schema embedded in `etframework.wsdl` (read from
/// `../shared/vendor-reference/specs/sfmc/`, never copied), with `xmllint --schema`.
@Suite(
    "SFMC sandbox: responses valid against the WSDL schema",
    .enabled(
        if: FileManager.default.fileExists(
            atPath: TestSupport.packageRoot.deletingLastPathComponent()
                .appendingPathComponent("shared/vendor-reference/specs/sfmc/etframework.wsdl").path),
        "../shared/vendor-reference/specs/sfmc/etframework.wsdl is absent")
)
struct SandboxSchemaTests {
    static let wsdl = TestSupport.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/vendor-reference/specs/sfmc/etframework.wsdl")
    static let xmllint = "/usr/bin/xmllint"

    /// The WSDL's `<schema>` as a standalone XSD (the import of the external fault schema dropped, the WSDL root's
    /// prefixes declared), written to a temporary file.
    static func schemaFile() throws -> URL {
        let text = try String(contentsOf: wsdl, encoding: .utf8)
        guard let start = text.range(of: "<schema "), let end = text.range(of: "</schema>") else {
            throw TestFailure("no schema in the WSDL")
        }
        var schema = String(text[start.lowerBound..<end.upperBound])
        if let importStart = schema.range(of: "<import id=\"APIFault\""),
           let importEnd = schema.range(of: "/>", range: importStart.upperBound..<schema.endIndex) {
            schema.removeSubrange(importStart.lowerBound..<importEnd.upperBound)
        }
        schema = schema.replacingOccurrences(
            of: "<schema ", with: "<schema xmlns:tns=\"http://exacttarget.com/wsdl/partnerAPI\" "
                + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" ", options: [], range: schema.range(of: "<schema "))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("etframework-\(UUID().uuidString).xsd")
        try Data(schema.utf8).write(to: url)
        return url
    }

    /// The Body's message element of `envelope`, made standalone (declares `xsi`).
    static func message(_ envelope: String) throws -> String {
        guard let open = envelope.range(of: "<soap:Body>"), let close = envelope.range(of: "</soap:Body>") else {
            throw TestFailure("no soap:Body")
        }
        let body = String(envelope[open.upperBound..<close.lowerBound])
        guard let space = body.firstIndex(of: " ") else { throw TestFailure("message without attributes") }
        return String(body[..<space]) + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" + String(body[space...])
    }

    /// `xmllint --noout --schema` exit status and output.
    static func validate(_ xml: String, schema: URL) throws -> (Int32, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sfmc-msg-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xmllint)
        process.arguments = ["--noout", "--schema", schema.path, file.path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    static let requests: [(action: String, body: String)] = [
        ("Retrieve", "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest><ObjectType>Subscriber</ObjectType>"
            + ["Client.ID", "CreatedDate", "ModifiedDate", "ID", "EmailAddress", "Attributes", "SubscriberKey", "UnsubscribedDate", "Status",
               "EmailTypePreference"].map { "<Properties>\($0)</Properties>" }.joined() + "</RetrieveRequest></RetrieveRequestMsg>"),
        ("Retrieve", "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest><ObjectType>ListSubscriber</ObjectType>"
            + "<Properties>ModifiedDate</Properties><Properties>Status</Properties><Properties>ListID</Properties>"
            + "<Properties>SubscriberKey</Properties></RetrieveRequest></RetrieveRequestMsg>"),
        ("Retrieve", "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest><ObjectType>BounceEvent</ObjectType>"
            + ["SendID", "SubscriberKey", "EventDate", "EventType", "BatchID", "SMTPCode", "BounceCategory", "SMTPReason", "BounceType"]
                .map { "<Properties>\($0)</Properties>" }.joined() + "</RetrieveRequest></RetrieveRequestMsg>"),
        ("Retrieve", "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest><ObjectType>ClickEvent</ObjectType>"
            + "<Properties>SubscriberKey</Properties><Properties>EventDate</Properties><Properties>URLID</Properties>"
            + "<Properties>URL</Properties></RetrieveRequest></RetrieveRequestMsg>"),
        ("Retrieve", "<RetrieveRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><RetrieveRequest><ObjectType>Subscriber</ObjectType>"
            + "<Properties>Nickname</Properties></RetrieveRequest></RetrieveRequestMsg>"),
        ("Create", "<CreateRequest xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><Options><SaveOptions><SaveOption><PropertyName>*"
            + "</PropertyName><SaveAction>UpdateAdd</SaveAction></SaveOption></SaveOptions></Options>"
            + "<Objects xsi:type=\"Subscriber\"><EmailAddress>new@example.com</EmailAddress><SubscriberKey>sk-new</SubscriberKey></Objects>"
            + "<Objects xsi:type=\"Subscriber\"><EmailAddress>broken</EmailAddress><SubscriberKey>sk-bad</SubscriberKey></Objects>"
            + "</CreateRequest>"),
        ("Execute", "<ExecuteRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><Requests><Name>LogUnsubEvent</Name>"
            + "<Parameters><Name>SubscriberKey</Name><Value>sk-0005</Value></Parameters></Requests></ExecuteRequestMsg>"),
        ("Describe", "<DefinitionRequestMsg xmlns=\"http://exacttarget.com/wsdl/partnerAPI\"><DescribeRequests><ObjectDefinitionRequest>"
            + "<ObjectType>Subscriber</ObjectType></ObjectDefinitionRequest></DescribeRequests></DefinitionRequestMsg>"),
    ]

    @Test("Retrieve, Create (partial failure), Execute and Describe responses validate", .enabled(if: FileManager.default.isExecutableFile(atPath: xmllint)))
    func responsesValidate() async throws {
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(at: schema) }
        let state = try SFMCSandbox.loadSeed(from: TestSupport.packageRoot.appendingPathComponent("fixtures/demo/sfmc"), clock: manualClock())
        let sandbox = SFMCSandbox(configuration: SandboxConfiguration(rateLimits: .off), state: state)
        let url = try await sandbox.start()
        let client = SandboxSOAPClient(baseURL: url)
        do {
            let token = try await client.token()
            for (action, body) in Self.requests {
                let response = try await client.soap(action: action, body: body, token: token)
                #expect(response.status == 200, "\(action)")
                let (status, output) = try Self.validate(try Self.message(response.text), schema: schema)
                #expect(status == 0, "\(action): \(output.prefix(600))")
            }
            let fault = try await client.soap(action: "Retrieve", body: Self.requests[0].body, token: "not-a-token")
            #expect(fault.status == 500)
            #expect(fault.text.contains("q0:Security"))
        } catch {
            try? await client.shutdown()
            await sandbox.stop()
            throw error
        }
        try await client.shutdown()
        await sandbox.stop()
    }

    @Test("the connector's own SOAP requests (Retrieve, ContinueRequest, Create UpdateAdd, Execute) validate",
          .enabled(if: FileManager.default.isExecutableFile(atPath: xmllint)))
    func connectorRequestsValidate() async throws {
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(at: schema) }
        let state = SFMCSandbox.generated(subscribers: 30, randomSeed: 5, listIDs: [1001], sentEvents: true, clock: manualClock())
        try await withSFMCSandbox(state, configure: { $0.pageSize = 10 }) { connector, _, recorder in
            _ = try await TestSupport.pullAll(connector, stream: "subscribers")
            _ = try await TestSupport.pullAll(connector, stream: "list_subscribers")
            _ = try await TestSupport.pullAll(connector, stream: "events")
            let optOut = ConsentRecord(state: .optedOut, at: sandboxNowMs, source: "braze")
            _ = try await connector.push([
                TestSupport.mutation("a", recordKey: "sk-gen-0000001", email: nil, .attributes(["first_name": "A & B <c>"])),
                TestSupport.mutation("b", recordKey: "sk-gen-0000002", email: nil, .consent(ConsentKey(channel: .email), optOut)),
                TestSupport.mutation("c", recordKey: "sk-gen-0000003", email: nil, .consent(ConsentKey(channel: .email, topic: "newsletter"), optOut)),
                TestSupport.mutation("d", recordKey: nil, email: "fresh@example.com", .attributes(["last_name": "Fresh"])),
            ])
            let soap = recorder.requests.filter { $0.path.lowercased().hasSuffix("/service.asmx") }
            #expect(soap.count > 8)
            for request in soap {
                let (status, output) = try Self.validate(try Self.message(request.body), schema: schema)
                #expect(status == 0, "\(output.prefix(600))")
            }
        }
    }
}
