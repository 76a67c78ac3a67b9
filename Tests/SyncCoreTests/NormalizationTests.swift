import SyncCore
import Testing

@Suite struct NormalizationTests {
    @Test(arguments: [
        ("  Ava.OptOut@Example.COM ", "ava.optout@example.com"),
        ("ben+tag@sub.example.co.uk", "ben+tag@sub.example.co.uk"),
        ("Chloe@EXAMPLE.com", "chloe@example.com"),
        ("dario@xn--mnchen-3ya.de", "dario@xn--mnchen-3ya.de"),
        ("Élodie@Exämple.fr", "élodie@exämple.fr"),
        (String(repeating: "l", count: 64) + "@" + String(repeating: "d", count: 63) + ".com",
         String(repeating: "l", count: 64) + "@" + String(repeating: "d", count: 63) + ".com"),
    ])
    func validEmails(raw: String, normalized: String) throws {
        #expect(try EmailAddress.normalize(raw) == normalized)
    }

    @Test(arguments: ["not-an-email", "", "a@b", "two@@example.com", "sp ace@example.com", "a@-bad.com",
                      "a@bad-.com", "a@example..com", "a@example.com.", "@example.com", "a<b>@example.com",
                      "a,b@example.com", "a@exa_mple.com", String(repeating: "l", count: 65) + "@example.com",
                      "a@" + String(repeating: "d", count: 64) + ".com",
                      String(repeating: "x", count: 250) + "@example.com"])
    func invalidEmails(raw: String) {
        #expect(throws: NormalizationError.self) { try EmailAddress.normalize(raw) }
    }

    @Test func phonesBecomeE164() throws {
        #expect(try PhoneNumber.normalize("+44 20 7183 8750") == "+442071838750")
        #expect(try PhoneNumber.normalize("0044 (20) 7183-8750") == "+442071838750")
        #expect(try PhoneNumber.normalize("(415) 555-0100", defaultCountryCode: "1") == "+14155550100")
        #expect(throws: NormalizationError.self) { try PhoneNumber.normalize("555-0100") }
        #expect(throws: NormalizationError.self) { try PhoneNumber.normalize("+12") }
        #expect(throws: NormalizationError.self) { try PhoneNumber.normalize("call me") }
    }

    @Test(arguments: [
        ("2024-10-21T21:36:02.961Z", Int64(1_729_546_562_961)),
        ("2024-10-21T21:36:02Z", Int64(1_729_546_562_000)),
        ("2024-10-21T23:36:02.961+02:00", Int64(1_729_546_562_961)),
        ("2020-07-10 15:00:00.000 UTC", Int64(1_594_393_200_000)),
        ("2016-08-25 15:24:32 +0000", Int64(1_472_138_672_000)),
        ("2026-03-08", Int64(1_772_928_000_000)),
    ])
    func vendorTimestamps(text: String, millis: Int64) throws {
        #expect(try VendorTime.parse(text, field: "t") == millis)
    }

    @Test func centralStandardTimeWithoutOffsetIsUTCMinusSixAllYear() throws {
        let spring = try VendorTime.parse("2026-03-08T02:30:00", field: "EventDate", naiveOffsetMinutes: -360)
        #expect(VendorTime.iso8601(spring) == "2026-03-08T08:30:00.000Z")
        let summer = try VendorTime.parse("2026-07-01T12:00:00", field: "EventDate", naiveOffsetMinutes: -360)
        #expect(VendorTime.iso8601(summer) == "2026-07-01T18:00:00.000Z")
    }

    @Test(arguments: ["", "2023-13-45", "2023-02-29T00:00:00Z", "2024-10-21T24:00:00Z", "yesterday", "2024-10-21T21:36:02.961Q"])
    func badTimestampsNameTheField(text: String) {
        #expect(throws: NormalizationError.self) { try VendorTime.parse(text, field: "lastmodifieddate") }
        do {
            _ = try VendorTime.parse(text, field: "lastmodifieddate")
        } catch let error as NormalizationError {
            #expect(error.field == "lastmodifieddate")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func iso8601RoundTrips() throws {
        for millis: Int64 in [0, 1_729_546_562_961, -86_400_001, 4_102_444_800_000] {
            #expect(try VendorTime.parse(VendorTime.iso8601(millis), field: "t") == millis)
        }
    }
}
