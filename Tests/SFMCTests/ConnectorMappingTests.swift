import ConnectorTestKit
import ConnectorKit
import Foundation
import SyncCore
import Testing
@testable import SFMCConnector

/// Pure mapping logic: statuses, events, filters, time, configuration.
@Suite("SFMC connector: mapping")
struct ConnectorMappingTests {
    static let time = SystemTime(offsetMinutes: -360)

    static func node(_ xml: String) throws -> SOAPNode {
        try #require(SOAPNode.parseFragment(xml))
    }

    static func subscriber(_ status: String, modified: String = "2026-05-01T10:00:00.000") throws -> PulledItem {
        let xml = "<Results xsi:type=\"Subscriber\"><ModifiedDate>\(modified)</ModifiedDate><EmailAddress>a@example.com</EmailAddress>"
            + "<Attributes><Name>First Name</Name><Value>Ann &amp; Co</Value></Attributes><SubscriberKey>sk-1</SubscriberKey>"
            + "<Status>\(status)</Status></Results>"
        return SubscriberMapper(fieldMapping: SFMCFieldMapping.defaultTable, time: time).map(try node(xml))
    }

    @Test("Status mapping", arguments: [
        ("Active", "consent unknown"), ("Unsubscribed", "consent optedOut"), ("Held", "suppression hardBounce"),
        ("Bounced", "suppression hardBounce"), ("Deleted", "deleted"), ("Pending", "rejected"),
    ])
    func status(_ status: String, _ expected: String) throws {
        let item = try Self.subscriber(status)
        guard case let .change(change) = item else {
            #expect(expected == "rejected")
            return
        }
        let at = try VendorTime.parse("2026-05-01T16:00:00Z", field: "t")
        switch expected {
        case "consent unknown", "consent optedOut":
            #expect(change.consent.map(\.state) == [expected == "consent unknown" ? .unknown : .optedOut])
            #expect(change.consent.first?.key == ConsentKey(channel: .email))
            #expect(change.consent.first?.at == at)
            #expect(change.suppressions.isEmpty)
        case "suppression hardBounce":
            #expect(change.consent.isEmpty)
            #expect(change.suppressions == [Suppression(channel: .email, reason: .hardBounce, at: at, source: "sfmc")])
        default:
            #expect(change.deleted)
        }
        #expect(change.attributes["first_name"]?.value == "Ann & Co")
        #expect(change.email == "a@example.com")
        #expect(change.raw?.contains("Ann &amp; Co") == true)
    }

    @Test(
        "a new subscriber pass filters from min(watermark, last pass start − lookback), never before watermark − lookback",
        arguments: [
            (Int64?.none, Int64(9_700_000)), (Int64(20_000_000), Int64(10_000_000)),
            (Int64(10_100_000), Int64(9_800_000)), (Int64(5_000_000), Int64(9_700_000)),
        ])
    func passLowerBound(lastPassStartedAtMs: Int64?, expectedFromMs: Int64) {
        let cursor = RetrieveCursor(watermarkMs: 10_000_000, lastPassStartedAtMs: lastPassStartedAtMs)
        #expect(cursor.passFromMs(lookbackMs: 300_000) == expectedFromMs)
        #expect(RetrieveCursor().passFromMs(lookbackMs: 300_000) == nil)
    }

    @Test("event keys are deterministic and distinguish URLID; bounce category decides hard vs soft")
    func events() throws {
        let mapper = TrackingEventMapper(time: Self.time)
        func event(_ xml: String, _ type: String) throws -> SendEvent {
            guard case let .change(change) = mapper.map(try Self.node(xml), objectType: type), let event = change.events.first else {
                throw TestFailure("not mapped")
            }
            return event
        }
        let click = "<Results xsi:type=\"ClickEvent\"><SendID>7</SendID><SubscriberKey>sk-1</SubscriberKey>"
            + "<EventDate>2026-07-01T12:00:00.000</EventDate><BatchID>1</BatchID><URLID>5</URLID></Results>"
        let a = try event(click, "ClickEvent")
        let b = try event(click, "ClickEvent")
        let other = try event(click.replacingOccurrences(of: "<URLID>5", with: "<URLID>6"), "ClickEvent")
        #expect(a.eventKey == b.eventKey)
        #expect(a.eventKey == "ClickEvent|7|1|sk-1|2026-07-01T12:00:00.000|5")
        #expect(other.eventKey != a.eventKey)
        #expect(a.at == (try VendorTime.parse("2026-07-01T18:00:00Z", field: "t")))
        #expect(a.campaign == "7")
        let bounce = "<Results xsi:type=\"BounceEvent\"><SubscriberKey>sk-1</SubscriberKey><EventDate>2026-07-01T12:00:00</EventDate>"
        #expect(try event(bounce + "<BounceCategory>Hard bounce</BounceCategory></Results>", "BounceEvent").type == .hardBounce)
        #expect(try event(bounce + "<BounceCategory>Soft bounce</BounceCategory></Results>", "BounceEvent").type == .softBounce)
        #expect(try event(bounce + "<SMTPCode>550</SMTPCode></Results>", "BounceEvent").type == .hardBounce)
        #expect(try event(bounce + "<SMTPCode>421</SMTPCode></Results>", "BounceEvent").type == .softBounce)
    }

    @Test("filters: one value → equals, several → IN, dates as DateValue, operands typed SimpleFilterPart")
    func filters() {
        var one = XMLWriter()
        FilterPart.oneOf("ListID", ["1001"]).write(into: &one)
        #expect(one.text == "<Filter xsi:type=\"SimpleFilterPart\"><Property>ListID</Property><SimpleOperator>equals</SimpleOperator>"
            + "<Value>1001</Value></Filter>")
        var many = XMLWriter()
        FilterPart.complex(.oneOf("ListID", ["1", "2"]), logical: "AND", .date("ModifiedDate", "greaterThanOrEqual", ["2026-01-01T00:00:00.000"]))
            .write(into: &many)
        #expect(many.text.contains("<LeftOperand xsi:type=\"SimpleFilterPart\"><Property>ListID</Property><SimpleOperator>IN</SimpleOperator>"
            + "<Value>1</Value><Value>2</Value></LeftOperand>"))
        #expect(many.text.contains("<RightOperand xsi:type=\"SimpleFilterPart\"><Property>ModifiedDate</Property>"
            + "<SimpleOperator>greaterThanOrEqual</SimpleOperator><DateValue>2026-01-01T00:00:00.000</DateValue></RightOperand>"))
    }

    @Test("the escaping writer escapes text and attribute values")
    func escaping() {
        var xml = XMLWriter()
        xml.open("A", [("x", "\"q\" & 'a'")])
        xml.element("B", "<tag> & </tag>")
        xml.close("A")
        #expect(xml.text == "<A x=\"&quot;q&quot; &amp; &apos;a&apos;\"><B>&lt;tag&gt; &amp; &lt;/tag&gt;</B></A>")
    }

    @Test("CST formatting and parsing: spring-forward does not exist in system time")
    func systemTime() throws {
        for (naive, utc) in [("2026-03-08T02:30:00", "2026-03-08T08:30:00Z"), ("2026-07-01T12:00:00", "2026-07-01T18:00:00Z"),
                             ("2026-11-01T01:30:00", "2026-11-01T07:30:00Z"), ("2026-12-31T23:59:59", "2027-01-01T05:59:59Z")] {
            let ms = try VendorTime.parse(utc, field: "t")
            #expect(try Self.time.parse(naive, field: "t") == ms)
            #expect(Self.time.format(ms) == naive + ".000")
        }
    }

    @Test("configuration decodes partially with defaults and never prints the secret")
    func configuration() throws {
        let json = #"{"clientId":"abc","clientSecret":"s3cr3t","lists":[{"id":1001,"topic":"newsletter"}],"pageSize":9000}"#
        let configuration = try JSONDecoder().decode(SFMCConnector.Configuration.self, from: Data(json.utf8))
        #expect(configuration.clientId == "abc")
        #expect(configuration.pageSize == 2_500)
        #expect(configuration.lookbackMs == 300_000)
        #expect(configuration.systemTimeOffsetMinutes == -360)
        #expect(configuration.logUnsubEvent)
        #expect(configuration.lists == [SFMCConnector.ManagedList(id: 1001, topic: "newsletter")])
        #expect(!String(describing: configuration).contains("s3cr3t"))
    }

    @Test("streams and push capabilities follow the configuration")
    func capabilities() throws {
        let connector = TestSupport.connector(TestSupport.configuration(), transport: try TestSupport.replay("soap-fault"))
        #expect(connector.streams.map(\.name) == ["subscribers", "list_subscribers", "events"])
        #expect(connector.pushCapabilities.consentKeys == [ConsentKey(channel: .email), ConsentKey(channel: .email, topic: "newsletter")])
        #expect(connector.pushCapabilities.fields == ["email", "first_name", "last_name", "phone"])
        #expect(connector.pushCapabilities.suppressions && connector.pushCapabilities.canCreate)
    }
}
