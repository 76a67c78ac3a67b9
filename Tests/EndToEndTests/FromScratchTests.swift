import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SyncStore
import Testing
import VendorSyncApp

/// The demo's main conflicts built from scratch through the vendors' own APIs on empty sandboxes, then reconciled
/// with `examples/sandbox.yaml` (its ports swapped for the test's free ones): the outcomes match the seeded demo's.
@Suite struct FromScratchTests {
    static let root = WalkingSkeletonTests.demo.deletingLastPathComponent().deletingLastPathComponent()

    func send(_ url: String, _ body: String, method: HTTPMethod = .POST, headers: [(String, String)]) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard (200..<300).contains(response.status.code) else { throw ScratchError("\(method) \(url): \(response.status.code) \(text)") }
        return text
    }

    @Test func scenarioBuiltThroughVendorAPIsReconcilesWithTheExampleConfiguration() async throws {
        var options = SandboxHost.Options()
        options.hubspotPort = 0
        options.brazePort = 0
        options.sfmcPort = 0
        let host = try SandboxHost(options: options)
        let urls = try await host.start()
        let (hubspot, braze, sfmc) = (urls[0].url.absoluteString, urls[1].url.absoluteString, urls[2].url.absoluteString)
        let hs = [("Authorization", "Bearer pat-sandbox"), ("Content-Type", "application/json")]
        let bz = [("Authorization", "Bearer sandbox-api-key"), ("Content-Type", "application/json")]

        // HubSpot: the custom property that receives suppressions, then three contacts.
        _ = try await send("\(hubspot)/crm/v3/properties/contacts",
                           #"{"name":"vendorsync_suppression","label":"VendorSync suppression","type":"string","fieldType":"text","groupName":"contactinformation"}"#,
                           headers: hs)
        for (email, first) in [("ava.optout@example.com", "Ava"), ("ben.optin@example.com", "Ben"), ("dmitri.edit@example.com", "Dmitry")] {
            _ = try await send("\(hubspot)/crm/v3/objects/contacts", #"{"properties":{"email":"\#(email)","firstname":"\#(first)"}}"#, headers: hs)
        }
        // Braze: Ava and Ben unsubscribe; Dmitri's later edit of his first name.
        _ = try await send("\(braze)/users/track", """
            {"attributes":[{"external_id":"cust-0001","email":"ava.optout@example.com","email_subscribe":"unsubscribed"},
            {"external_id":"cust-0002","email":"ben.optin@example.com","email_subscribe":"unsubscribed"},
            {"external_id":"cust-0004","email":"dmitri.edit@example.com","first_name":"Dmitri"}]}
            """, headers: bz)
        try await Task.sleep(for: .milliseconds(20))
        // HubSpot: Ben explicitly subscribes afterwards (newer than his Braze unsubscribe).
        _ = try await send("\(hubspot)/communication-preferences/v3/subscribe",
                           #"{"emailAddress":"ben.optin@example.com","subscriptionId":"1001","legalBasis":"CONSENT_WITH_NOTICE","legalBasisExplanation":"signup form"}"#,
                           headers: hs)
        // SFMC: Ava active (neutral), an address held after bounces.
        let token = try JSONSerialization.jsonObject(with: Data(try await send(
            "\(sfmc)/v2/token", #"{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"sandbox-secret","account_id":"100"}"#,
            headers: [("Content-Type", "application/json")]).utf8)) as? [String: Any]
        let objects = [("sk-0001", "ava.optout@example.com", "Active"), ("sk-0007", "held@example.com", "Held")].map { key, email, status in
            "<Objects xsi:type=\"Subscriber\"><EmailAddress>\(email)</EmailAddress><SubscriberKey>\(key)</SubscriberKey><Status>\(status)</Status></Objects>"
        }.joined()
        let envelope = """
            <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Header><fueloauth xmlns="http://exacttarget.com">\
            \(token?["access_token"] as? String ?? "")</fueloauth></soap:Header><soap:Body>\
            <CreateRequest xmlns="http://exacttarget.com/wsdl/partnerAPI"><Options></Options>\(objects)</CreateRequest></soap:Body></soap:Envelope>
            """
        let created = try await send("\(sfmc)/Service.asmx", envelope, headers: [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", "Create")])
        #expect(created.contains("<OverallStatus>OK</OverallStatus>"))

        // Reconcile with the example configuration, pointed at this test's ports.
        let example = try String(contentsOf: Self.root.appendingPathComponent("examples/sandbox.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "http://127.0.0.1:18081", with: hubspot)
            .replacingOccurrences(of: "http://127.0.0.1:18082", with: braze)
            .replacingOccurrences(of: "http://127.0.0.1:18083", with: sfmc)
        let config = try AppConfig.parse(example, source: "examples/sandbox.yaml")
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID().uuidString).sqlite").path
        let secrets = Secrets(environment: SandboxHost.credentials)
        let first = try await ReconcileRunner.run(config: config, databasePath: database, secrets: secrets, dryRun: false, logger: Logger(label: "e2e"))
        #expect(first.report.succeeded)

        let probe = VendorProbe(hubspot: urls[0].url, braze: urls[1].url)
        let subscribers = try await probe.sfmcSubscribers(urls[2].url)
        #expect(try await probe.hubSpotStatuses("ava.optout@example.com") == ["1001": "NOT_SUBSCRIBED", "1002": "NOT_SUBSCRIBED"])
        #expect(subscribers["sk-0001"]?.status == "Unsubscribed")
        #expect(try await probe.brazeUsers(["cust-0002"], fields: ["email_subscribe"])["cust-0002"]?["email_subscribe"] as? String == "opted_in")
        #expect(try await probe.hubSpotContact("dmitri.edit@example.com", properties: ["firstname"])["firstname"] == "Dmitri")
        #expect(try await probe.hubSpotContact("held@example.com", properties: ["vendorsync_suppression"])["vendorsync_suppression"] == "hardBounce")
        let held = try await probe.brazeUsers(email: "held@example.com", fields: ["custom_attributes"])
        #expect((held.first?["custom_attributes"] as? [String: Any])?["vendorsync_suppression"] as? String == "hardBounce")
        let second = try await ReconcileRunner.run(config: config, databasePath: database, secrets: secrets, dryRun: false, logger: Logger(label: "e2e"))
        #expect(second.report.pushes.map(\.pushed).reduce(0, +) == 0, "second pass: \(second.report.pushes) \(second.report.streams.filter { $0.diffs > 0 })")
        await host.stop()
    }
}

struct ScratchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
