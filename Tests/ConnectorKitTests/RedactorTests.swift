import ConnectorKit
import Foundation
import Testing

@Suite struct RedactorTests {
    let redactor = Redactor.default

    @Test func masksAndHashesEmails() {
        #expect(redactor.maskEmail("jane.doe@example.com") == "j***@example.com")
        #expect(redactor.emailHash("jane.doe@example.com") == redactor.emailHash("  Jane.Doe@Example.COM "))
        #expect(redactor.emailHash("jane.doe@example.com").count == 16)
        #expect(redactor.emailHash("jane.doe@example.com") != redactor.emailHash("john.doe@example.com"))
        #expect(
            redactor.redact(text: "sent to jane.doe@example.com and a+b@x.co.uk")
                == "sent to j***@example.com and a***@x.co.uk")
        #expect(redactor.redact(text: "to jane.doe@example.com", emails: .remove) == "to [email]")
    }

    @Test func logMetadataForAnEmailIsMaskedAndHashed() {
        let value = redactor.logValue(email: "jane.doe@example.com")
        #expect(value.description == "j***@example.com #\(FNV1a.hex64("jane.doe@example.com"))")
    }

    @Test func fnv1aKnownVectors() {
        #expect(FNV1a.hex64("") == "cbf29ce484222325")
        #expect(FNV1a.hex64("a") == "af63dc4c8601ec8c")
        #expect(FNV1a.hex64("foobar") == "85944171f73967e8")
    }

    @Test(arguments: [
        ("Authorization: Bearer eyJhbGciOi.J9.abc-_123", "eyJhbGciOi"),
        (#"{"access_token": "at-1", "token_type": "bearer"}"#, "at-1"),
        (#"{"client_secret":"cs\"2"}"#, "cs\\\"2"),
        ("grant_type=refresh_token&refresh_token=rt-3&client_id=x", "rt-3"),
        ("GET /v1/contacts?apikey=hk-4&limit=1", "hk-4"),
        ("api_key=ak-5", "ak-5"),
        (#"<soap:Header><client_secret xmlns="x">cs-6</client_secret></soap:Header>"#, "cs-6"),
        ("Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
    ])
    func stripsSecretsFromText(text: String, secret: String) {
        let redacted = redactor.redact(text: text)
        #expect(!redacted.contains(secret))
        #expect(redacted.contains("REDACTED"))
    }

    @Test func keepsNonSecretNeighbours() {
        #expect(
            redactor.redact(text: "grant_type=refresh_token&refresh_token=rt&client_id=x")
                == "grant_type=refresh_token&refresh_token=REDACTED&client_id=x")
        #expect(
            redactor.redact(text: #"{"token_type":"bearer","access_token":"a"}"#)
                == #"{"token_type":"bearer","access_token":"REDACTED"}"#)
    }

    @Test func vendorSpecificKeysAndHeaders() {
        let soap = Redactor(additionalSecretKeys: ["fueloauth"], additionalSecretHeaders: ["X-Session"])
        let envelope = #"<soap:Header><fueloauth xmlns="http://exacttarget.com">tok-7</fueloauth></soap:Header>"#
        #expect(
            soap.redact(text: envelope)
                == #"<soap:Header><fueloauth xmlns="http://exacttarget.com">REDACTED</fueloauth></soap:Header>"#)
        let headers = soap.redact(headers: [
            "Authorization": "Bearer x", "X-Session": "s", "X-HubSpot-RateLimit-Remaining": "9", "Content-Type": "a/b",
        ])
        #expect(headers.fields.map(\.value) == ["REDACTED", "REDACTED", "9", "a/b"])
        #expect(redactor.isSecretHeader("X-Refresh-Token"))
    }

    @Test func redactsJSONBodiesAtAnyDepth() throws {
        let body = Data(
            #"{"data":[{"refresh_token":"rt","email":"jane.doe@example.com","n":1}],"client_secret":{"v":"x"}}"#.utf8)
        let kept = String(decoding: redactor.redact(body: body), as: UTF8.self)
        #expect(
            kept
                == #"{"client_secret":"REDACTED","data":[{"email":"jane.doe@example.com","n":1,"refresh_token":"REDACTED"}]}"#
        )
        let masked = String(decoding: redactor.redact(body: body, emails: .mask), as: UTF8.self)
        #expect(masked.contains(#""email":"j***@example.com""#))
    }

    @Test func connectorErrorNeverPrintsSecretsOrRawEmails() {
        let error = ConnectorError(
            .badRecord, "rejected jane.doe@example.com with Bearer tok-secret-1",
            vendor: "braze", operation: "users.track", httpStatus: 400, vendorCategory: "VALIDATION_ERROR",
            details: #"{"email":"jane.doe@example.com","api_key":"ak-secret-2"}"#,
            underlying: TransportError(.other, "refresh_token=rt-secret-3")
        )
        let printed = [error.description, error.debugDescription, "\(error)", String(reflecting: error)]
        for text in printed {
            for secret in ["jane.doe@example.com", "tok-secret-1", "ak-secret-2", "rt-secret-3"] {
                #expect(!text.contains(secret), "\(secret) in \(text)")
            }
        }
        #expect(
            error.description
                == "ConnectorError(badRecord, vendor: braze, operation: users.track, status: 400, category: VALIDATION_ERROR): rejected [email] with Bearer REDACTED"
        )
        #expect(!error.description.contains("j***"))
        #expect(error.debugDescription.contains("j***@example.com"))
        #expect(error.debugDescription.contains("recovery: deadLetter"))
    }
}
