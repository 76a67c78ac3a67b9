import Foundation
import Logging
import SyncStore
import Testing
import VendorSyncApp

/// The full demo over HubSpot, Braze and SFMC: one reconcile, then every conflict checked through the vendors' own
/// endpoints; a second pass is quiet; sandbox faults change nothing in the outcome.
@Suite struct ThreeVendorTests {
    struct Running {
        let host: SandboxHost
        let config: AppConfig
        let database: String
        let probe: VendorProbe
        let sfmc: URL
    }

    func start(faults: String? = nil) async throws -> Running {
        var options = SandboxHost.Options()
        options.hubspotPort = 0
        options.brazePort = 0
        options.sfmcPort = 0
        options.seedDirectory = WalkingSkeletonTests.demo
        if let faults { options.faults = try .init(parsing: faults) }
        let host = try SandboxHost(options: options)
        let urls = try await host.start()
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).sqlite").path
        return Running(
            host: host, config: try AppConfig.parse(SandboxHost.configuration(for: urls), source: "test"), database: database,
            probe: VendorProbe(hubspot: urls[0].url, braze: urls[1].url), sfmc: urls[2].url
        )
    }

    func reconcile(_ running: Running) async throws -> ReconcileRunner.Result {
        try await ReconcileRunner.run(
            config: running.config, databasePath: running.database, secrets: Secrets(environment: SandboxHost.credentials),
            dryRun: false, logger: Logger(label: "e2e")
        )
    }

    @Test func everyConflictOfTheDemoIsResolvedInEveryVendor() async throws {
        let running = try await start()
        let report = try await reconcile(running).report
        #expect(report.succeeded)
        let probe = running.probe
        let sfmc = try await probe.sfmcSubscribers(running.sfmc)

        // The Braze opt-out of Ava reached HubSpot and SFMC (where `Active` was only neutral).
        #expect(try await probe.hubSpotStatuses("ava.optout@example.com") == ["1001": "NOT_SUBSCRIBED", "1002": "NOT_SUBSCRIBED"])
        #expect(try await probe.hubSpotContact("ava.optout@example.com", properties: ["hs_email_optout_1001"])["hs_email_optout_1001"] == "true")
        #expect(sfmc["sk-0001"]?.status == "Unsubscribed")

        // The SFMC opt-out of the shared inbox reached both Braze profiles sharing the address, and HubSpot.
        let shared = try await probe.brazeUsers(["cust-0040", "cust-0041"], fields: ["email_subscribe"])
        #expect(shared["cust-0040"]?["email_subscribe"] as? String == "unsubscribed")
        #expect(shared["cust-0041"]?["email_subscribe"] as? String == "unsubscribed")
        #expect(try await probe.hubSpotStatuses("shared.inbox@example.com")["1001"] == "NOT_SUBSCRIBED")

        // Ben's explicit HubSpot opt-in is newer than his Braze and SFMC opt-outs: it reached both.
        let ben = try await probe.brazeUsers(["cust-0002"], fields: ["email_subscribe"])
        #expect(ben["cust-0002"]?["email_subscribe"] as? String == "opted_in")
        #expect(sfmc["sk-0002"]?.status == "Active")
        #expect(try await probe.hubSpotStatuses("ben.optin@example.com")["1001"] == "SUBSCRIBED")

        // The SFMC hard bounce and the HubSpot spam complaint are suppressions in every vendor.
        #expect(try await probe.hubSpotContact("person07@example.com", properties: ["vendorsync_suppression"])["vendorsync_suppression"] == "hardBounce")
        let bounced = try await probe.brazeUsers(email: "person07@example.com", fields: ["custom_attributes"])
        #expect((bounced.first?["custom_attributes"] as? [String: Any])?["vendorsync_suppression"] as? String == "hardBounce")
        let complained = try await probe.brazeUsers(email: "person09@example.com", fields: ["custom_attributes", "email_subscribe"])
        #expect((complained.first?["custom_attributes"] as? [String: Any])?["vendorsync_suppression"] as? String == "spamComplaint")
        #expect(complained.first?["email_subscribe"] as? String == "unsubscribed")
        #expect(["Held", "Unsubscribed"].contains(sfmc["sk-0009"]?.status ?? ""))

        // The later edit of an attribute won everywhere: Braze's newer first name for Dmitri.
        #expect(try await probe.hubSpotContact("dmitri.edit@example.com", properties: ["firstname"])["firstname"] == "Dmitri")
        #expect(try await probe.brazeUsers(["cust-0004"], fields: ["first_name"])["cust-0004"]?["first_name"] as? String == "Dmitri")
        #expect(sfmc.values.contains { $0.email == "dmitri.edit@example.com" })

        // Every send event is stored once (HubSpot 5; SFMC 11 listed, 2 of them twice).
        let store = try SyncStore(path: running.database)
        #expect(try await store.read { tx in try tx.eventCount(vendor: "hubspot") } == 5)
        #expect(try await store.read { tx in try tx.eventCount(vendor: "sfmc") } == 9)

        // The changed email (HubSpot) and the merged contact (HubSpot) left one person each, known to every vendor.
        let jamal = try await store.read { tx in try tx.personID(email: "jamal.haddad@example.com") }
        #expect(jamal != nil)
        #expect(try await store.read { tx in try tx.personID(email: "person10@example.com") } == jamal)
        let jamalKeys = try await store.read { tx in try tx.identities(personID: jamal ?? -1).map { "\($0.vendor)/\($0.recordKey)" } }
        #expect(jamalKeys == ["braze/cust-0010", "hubspot/100000000010", "sfmc/sk-0010"])
        let merged = try await store.read { tx in try tx.personID(email: "person11.old@example.com") }
        #expect(merged == (try await store.read { tx in try tx.personID(email: "person11@example.com") }))
        #expect(try await store.read { tx in try tx.personID(vendor: "hubspot", recordKey: "100000000099") } == merged)
        #expect(try await probe.brazeUsers(["cust-0011"], fields: ["email"])["cust-0011"]?["email"] as? String == "person11@example.com")

        // A second reconcile right after pushes nothing and writes no diff.
        let second = try await reconcile(running).report
        #expect(second.pushes.map(\.pushed).reduce(0, +) == 0)
        #expect(try await store.read { tx in try tx.diffCount(runID: second.runID) } == 0)
        await running.host.stop()
    }

    /// What the vendors hold at the end, read through their endpoints, keyed by address so runs compare.
    func vendorState(_ running: Running) async throws -> [String] {
        var lines: [String] = []
        let emails = try await SyncStore(path: running.database).read { tx in
            try tx.personIDs().compactMap { try tx.loadPerson($0).state.attributes["email"]?.value }
        }.sorted()
        for email in emails {
            let contact = try await running.probe.hubSpotContact(email, properties: ["firstname", "lastname", "vendorsync_suppression", "hs_email_optout_1001"])
            lines.append("hubspot \(email) \(contact.filter { !["lastmodifieddate", "createdate", "hs_object_id"].contains($0.key) }.sorted { $0.key < $1.key })")
            lines.append("hubspot-status \(email) \(try await running.probe.hubSpotStatuses(email).sorted { $0.key < $1.key })")
            for user in try await running.probe.brazeUsers(email: email, fields: ["first_name", "last_name", "email_subscribe", "custom_attributes"]) {
                let fields = user.filter { $0.key != "external_id" }.map { "\($0.key)=\($0.value)" }.sorted()
                lines.append("braze \(email) \(fields)")
            }
        }
        for (key, subscriber) in try await running.probe.sfmcSubscribers(running.sfmc).sorted(by: { $0.value.email < $1.value.email }) where !key.hasPrefix("vs-") {
            lines.append("sfmc \(key) \(subscriber.email) \(subscriber.status)")
        }
        return lines
    }

    @Test func sandboxFaultsChangeNothingInTheFinalVendorStates() async throws {
        let clean = try await start()
        _ = try await reconcile(clean)
        let expected = try await vendorState(clean)
        await clean.host.stop()

        let faulty = try await start(faults: "5xx=0.1,429=0.05,timeout=0.02,timeout-hold=300ms")
        for _ in 0..<3 {
            let report = try await reconcile(faulty).report
            if report.succeeded, report.pushes.allSatisfy({ $0.pending == 0 }) { break }
        }
        #expect(faulty.host.hubspot.faultCounters.totalFailures + faulty.host.braze.faultCounters.totalFailures > 0)
        let actual = try await vendorState(faulty)
        await faulty.host.stop()
        #expect(actual.count == expected.count)
        for line in Set(actual).subtracting(expected).sorted() { Issue.record("only with faults: \(line)") }
        for line in Set(expected).subtracting(actual).sorted() { Issue.record("only without faults: \(line)") }
    }
}
