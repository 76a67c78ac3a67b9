import AsyncHTTPClient
import ConnectorKit
import Foundation
import NIOCore
import SyncCore
import Testing
@testable import VendorSyncDaemon

/// A receiver that accepts a call whose `x-test-signature` header is the body reversed, and names stream `records`.
struct ReversingReceiver: WebhookReceiver {
    let vendor: VendorName = "fake"

    func receive(_ request: WebhookRequest, now: UTCMillis) -> WebhookVerdict {
        let body = String(decoding: request.body, as: UTF8.self)
        guard request.headers["x-test-signature"] == String(body.reversed()) else { return .unauthorized(reason: "bad signature") }
        guard request.url.hasPrefix("http://127.0.0.1:"), request.url.hasSuffix("/webhooks/fake?x=1") else {
            return .unauthorized(reason: "unexpected url \(request.url)")
        }
        return .accepted(streams: ["records"], recordKeys: ["r1"])
    }
}

func post(_ port: Int, path: String, body: String, headers: [(String, String)]) async throws -> HTTPClientResponse {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    request.method = .POST
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: body))
    return try await HTTPClient.shared.execute(request, timeout: .seconds(60))
}

func get(_ port: Int, path: String) async throws -> (Int, String) {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(60))
    let body = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: body))
}

@Suite struct WebhookRouteTests {
    @Test func aValidCallWakesThePollerAndTheChangeReachesTheHub() async throws {
        let harness = try DaemonHarness(receivers: [ReversingReceiver()])
        try await harness.run { port in
            #expect(try await DaemonHarness.eventually { try await harness.hubFirstName("r1") == "One" })
            harness.vendor.edit("r1", email: "one@example.com", firstName: "Uno")
            let body = #"[{"objectId":1}]"#
            let response = try await post(port, path: "/webhooks/fake?x=1", body: body, headers: [("X-Test-Signature", String(body.reversed()))])
            #expect(response.status.code == 204)
            #expect(try await DaemonHarness.eventually() { try await harness.hubFirstName("r1") == "Uno" })
        }
    }

    @Test func aBadSignatureIs401AndNothingChanges() async throws {
        let harness = try DaemonHarness(receivers: [ReversingReceiver()])
        try await harness.run { port in
            #expect(try await DaemonHarness.eventually { try await harness.hubFirstName("r1") == "One" })
            let pullsBefore = harness.vendor.pulls
            harness.vendor.edit("r1", email: "one@example.com", firstName: "Uno")
            let response = try await post(port, path: "/webhooks/fake?x=1", body: "[]", headers: [("X-Test-Signature", "forged")])
            #expect(response.status.code == 401)
            try await Task.sleep(for: .seconds(1))
            #expect(harness.vendor.pulls == pullsBefore)
            #expect(try await harness.hubFirstName("r1") == "One")
        }
    }

    @Test func anUnknownVendorIs404() async throws {
        let harness = try DaemonHarness(receivers: [ReversingReceiver()])
        try await harness.run { port in
            let response = try await post(port, path: "/webhooks/nobody", body: "[]", headers: [])
            #expect(response.status.code == 404)
        }
    }

    @Test func healthReadinessAndMetrics() async throws {
        let harness = try DaemonHarness()
        try await harness.run { port in
            #expect(try await get(port, path: "/healthz").0 == 200)
            #expect(try await get(port, path: "/readyz").0 == 200)
            #expect(try await DaemonHarness.eventually { try await harness.hubFirstName("r1") == "One" })
            let metrics = try await DaemonHarness.eventually {
                try await get(port, path: "/metrics").1.contains(#"vendorsync_pulled_records_total{vendor="fake",stream="records"} 1"#)
            }
            let text = try await get(port, path: "/metrics").1
            #expect(metrics, "\(text)")
            #expect(text.contains("vendorsync_outbox_depth"))
            harness.daemon.health.failed("fake", fatal: "ConnectorError(authentication): refused")
            #expect(try await get(port, path: "/readyz").0 == 503)
        }
    }
}
