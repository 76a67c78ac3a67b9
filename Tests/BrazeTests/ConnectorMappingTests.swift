import ConnectorKit
import Foundation
import SyncCore
import Testing

@testable import BrazeConnector

@Suite("Braze mapping and configuration")
struct ConnectorMappingTests {
    @Test("a configuration with only the base URL decodes with every default, and the API key is never encoded")
    func configurationDefaults() throws {
        let json = #"{"restBaseURL": "https://rest.fra-01.braze.eu", "apiKey": "secret-value"}"#
        let configuration = try JSONDecoder().decode(BrazeConnector.Configuration.self, from: Data(json.utf8))
        #expect(configuration.trackBatchMode == .perArray75)
        #expect(configuration.listLookbackDays == 1)
        #expect(configuration.sweepBatchSize == 50)
        #expect(configuration.clearableFields.isEmpty)
        #expect(configuration.fieldMapping["city"] == "home_city")
        #expect(configuration.apiKey == "secret-value")
        let encoded = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        #expect(!encoded.contains("secret-value"))
        #expect(!"\(configuration)".contains("secret-value"))
        #expect(!String(reflecting: configuration).contains("secret-value"))
    }

    @Test("a base URL that is not absolute is refused")
    func badBaseURL() {
        #expect(throws: ConnectorError.self) {
            _ = try BrazeConnector(
                configuration: testConfiguration("rest.iad-01.braze.com"),
                transport: FixtureTransportStub(), logger: LogLines().logger()
            )
        }
    }

    @Test("rate-limit headers are read in lower case, reset in epoch seconds")
    func headerReader() {
        let headers: VendorHeaders = [
            "x-ratelimit-limit": "3000", "x-ratelimit-remaining": "12", "x-ratelimit-reset": "1794736803",
        ]
        let hints = BrazeRateLimits.headerReader.read(headers, fixtureNow)
        #expect(hints == [RateLimitHints(limit: 3_000, remaining: 12, resetAtMs: 1_794_736_803_000)])
        #expect(BrazeResponseClassifier.resumeAt(headers, nowMs: fixtureNow) == 1_794_736_803_000)
    }

    @Test("combined50 splits 60 attribute and 10 event objects into 50 + 20")
    func chunking() {
        let items =
            (0..<60).map { TrackItem(array: .attributes, object: [:], mutation: $0) }
            + (60..<70).map { TrackItem(array: .events, object: [:], mutation: $0) }
        #expect(TrackChunk.split(items, mode: .combined50).map(\.count) == [50, 20])
        #expect(TrackChunk.split(items, mode: .combined75).map(\.count) == [70])
        #expect(
            TrackChunk.split(
                items + (70..<150).map { TrackItem(array: .attributes, object: [:], mutation: $0) }, mode: .perArray75
            )
            .map(\.count) == [85, 65])
    }

    @Test("a dead-lettered unsubscribe row maps again once it is fixed")
    func remapRow() throws {
        let connector = try BrazeConnector(
            configuration: testConfiguration(), transport: FixtureTransportStub(), logger: LogLines().logger())
        let fixed = RejectedRecord(
            vendor: "braze", stream: "unsubscribes", recordKey: nil, reason: "email: empty address",
            raw: #"{"email":"margaret.hamilton@example.com","unsubscribed_at":"2026-11-02 09:00:00 +0000"}"#
        )
        let change = try #require(try connector.remap(fixed).change)
        #expect(change.email == "margaret.hamilton@example.com")
        #expect(change.consent.first?.state == .optedOut)
        #expect(throws: ConnectorError.self) {
            _ = try connector.remap(
                RejectedRecord(vendor: "braze", stream: "nope", recordKey: nil, reason: "", raw: "{}"))
        }
    }

    @Test("unsupported payloads are rejected without a request; capabilities list mapped fields and both channels")
    func unsupported() async throws {
        var configuration = testConfiguration()
        configuration.suppressionAttribute = nil
        let connector = try BrazeConnector(
            configuration: configuration, transport: FixtureTransportStub(), logger: LogLines().logger())
        let suppression = Mutation(
            idempotencyKey: "s1", vendor: "braze", recordKey: "u1", email: "x@example.com", personRef: "vs-1",
            payload: .suppression(Suppression(channel: .email, reason: .hardBounce, at: fixtureNow, source: "hubspot"))
        )
        let topic = consentMutation("u1", email: nil, personRef: "vs-2", state: .optedIn, topic: "newsletter")
        let badAddress = consentMutation(nil, email: "not an email", personRef: "vs-3", state: .optedOut)
        let outcomes = try await connector.push([suppression, topic, badAddress])
        #expect(
            outcomes == [
                .rejected(reason: "suppression: no suppressionAttribute configured and blocklist not applicable"),
                .rejected(reason: "consent email/newsletter: not supported by braze connector"),
                .rejected(reason: "email: not a valid address (record not found by key, cannot be looked up)"),
            ])
        let capabilities = connector.pushCapabilities
        #expect(capabilities.consentKeys == [ConsentKey(channel: .email), ConsentKey(channel: .push)])
        #expect(capabilities.fields.contains("city"))
        #expect(capabilities.canCreate)
        #expect(capabilities.suppressions)
    }

    @Test("the streams are unsubscribes, hard_bounces, invalid_phones, profiles")
    func streams() throws {
        let connector = try BrazeConnector(
            configuration: testConfiguration(), transport: FixtureTransportStub(), logger: LogLines().logger())
        #expect(connector.streams.map(\.name) == ["unsubscribes", "hard_bounces", "invalid_phones", "profiles"])
        #expect(connector.vendor == "braze")
    }
}

/// A transport that must not be called.
struct FixtureTransportStub: HTTPTransport {
    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        Issue.record("unexpected request \(request.method.rawValue) \(request.url.path)")
        return VendorResponse(status: 500)
    }
}

@Suite("Braze per-item error texts")
struct ConnectorErrorTextTests {
    @Test("an email inside a Braze error text is masked in the outcome reason; a rate-limit text is retried")
    func maskedReasons() async throws {
        let transport = CannedTransport(
            status: 201,
            body: #"""
                {"message": "success", "errors": [
                  {"type": "'email' jane.doe@example.com is invalid", "input_array": "attributes", "index": 0},
                  {"type": "Rate limit reached for this user, try again", "input_array": "attributes", "index": 1}]}
                """#)
        let connector = try BrazeConnector(
            configuration: testConfiguration(), transport: transport, logger: LogLines().logger())
        let outcomes = try await connector.push([
            attributeMutation("u-1", ["email": "jane.doe@example.com"]), attributeMutation("u-2", ["first_name": "Al"]),
            attributeMutation("u-3", ["first_name": "Bea"]),
        ])
        #expect(outcomes[0] == .rejected(reason: "braze refused attributes[0]: 'email' j***@example.com is invalid"))
        #expect(
            outcomes[1]
                == .retry(
                    reason: "braze refused attributes[1]: Rate limit reached for this user, try again", afterMs: nil))
        #expect(outcomes[2] == .applied(recordKey: "u-3"))
    }

    @Test("a fatal 400 rejects the listed item and retries the rest, none applied")
    func fatal400() async throws {
        let transport = CannedTransport(
            status: 400,
            body: #"""
                {"message": "Invalid attributes", "errors": [{"type": "'country' must be ISO-3166-1 alpha-2", "input_array": "attributes", "index": 1}]}
                """#)
        let connector = try BrazeConnector(
            configuration: testConfiguration(), transport: transport, logger: LogLines().logger())
        let outcomes = try await connector.push([
            attributeMutation("u-1", ["first_name": "Al"]), attributeMutation("u-2", ["country": "Atlantis"]),
        ])
        #expect(
            outcomes == [
                .retry(
                    reason: "users.track refused the request (HTTP 400: Invalid attributes); not processed",
                    afterMs: nil),
                .rejected(reason: "braze refused attributes[1]: 'country' must be ISO-3166-1 alpha-2"),
            ])
    }
}

/// Answers every request with one canned response.
struct CannedTransport: HTTPTransport {
    let status: Int
    let body: String

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        VendorResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
