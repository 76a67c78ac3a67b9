import BrazeSandbox
import ConnectorKit
import ConnectorTestKit
import Foundation
import SandboxKit
import SyncCore

@testable import BrazeConnector

/// Runs `body` against a Braze sandbox on an ephemeral port serving `state`, with a connector pointed at it.
func withBrazeSandbox(
    _ state: BrazeSandboxState, wrap: (any HTTPTransport) -> any HTTPTransport = { $0 },
    configure: (inout BrazeConnector.Configuration) -> Void = { _ in },
    _ body: (BrazeConnector, BrazeSandbox) async throws -> Void
) async throws {
    let sandbox = BrazeSandbox(configuration: SandboxConfiguration(port: 0), state: state)
    let url = try await sandbox.start()
    let transport = AsyncHTTPClientTransport()
    var configuration = BrazeConnector.Configuration(restBaseURL: url.absoluteString, apiKey: "sandbox-api-key")
    configure(&configuration)
    try await withTeardown(of: transport, stop: { await sandbox.stop() }) {
        let connector = try BrazeConnector(
            configuration: configuration, transport: wrap(transport), logger: LogLines().logger())
        try await body(connector, sandbox)
    }
}

/// A sandbox clock at `fixtureNow`.
func sandboxClock() -> SandboxClock {
    SandboxClock.manual(at: Date(timeIntervalSince1970: Double(fixtureNow) / 1000))
}

/// Writes seed files (`users.json`, `unsubscribes.json`, ...) to a fresh temporary directory.
func seedDirectory(_ files: [String: String]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("braze-seed-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
    return directory
}

/// Pulls `stream` from the start until the pass ends; returns every item.
func pullAll(_ connector: BrazeConnector, _ stream: String, context: PullContext = PullContext(now: fixtureNow))
    async throws -> [PulledItem]
{
    var cursor: CursorToken?
    var items: [PulledItem] = []
    for _ in 0..<100 {
        let page = try await connector.pull(stream: stream, after: cursor, context: context)
        items += page.items
        cursor = page.cursor
        if !page.hasMore { return items }
    }
    throw ConnectorError(.transient, "\(stream) did not end within 100 pages")
}

/// A transport that appends rows to every `/email/unsubscribes` response of the inner transport (bad input the
/// sandbox itself would never serve).
struct RowInjectingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let rows: [[String: String]]

    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        var response = try await inner.execute(request, timeout: timeout)
        guard request.url.path == "/email/unsubscribes", rows.count > 0,
            var object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let emails = object["emails"] as? [Any], emails.count < 500
        else { return response }
        object["emails"] = emails + rows
        response.body = try JSONSerialization.data(withJSONObject: object)
        return response
    }
}
