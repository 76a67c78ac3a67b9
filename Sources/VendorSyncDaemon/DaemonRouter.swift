import ConnectorKit
import Foundation
import Hummingbird
import Logging
import SyncCore
import SyncEngine
import SyncStore

/// The listener's routes: `GET /healthz`, `GET /readyz`, `GET /metrics`, `POST /webhooks/<vendor>`.
public struct DaemonRouter: Sendable {
    /// How webhook calls are turned into the URL the vendor signed.
    public struct Configuration: Sendable {
        /// The public base URL the vendor calls (e.g. `https://sync.example.com`), when a proxy sits in front; else
        /// `http://<Host header>` is used.
        public var publicBaseURL: String?
        /// The largest webhook body accepted, in bytes (default 1 MiB).
        public var maxBodyBytes: Int

        /// Defaults: no public base URL, 1 MiB bodies.
        public init(publicBaseURL: String? = nil, maxBodyBytes: Int = 1 << 20) {
            self.publicBaseURL = publicBaseURL
            self.maxBodyBytes = maxBodyBytes
        }
    }

    let store: SyncStore
    let metrics: DaemonMetrics
    let health: DaemonHealth
    let receivers: [any WebhookReceiver]
    /// The poller trigger per vendor and stream name.
    let triggers: [VendorName: [String: PullTrigger]]
    /// Reads the records a webhook names right away, where the connector can read them by key.
    let fetcher: RecordFetcher?
    let configuration: Configuration
    let logger: Logger

    /// Routes over the daemon's shared state.
    public init(
        store: SyncStore, metrics: DaemonMetrics, health: DaemonHealth, receivers: [any WebhookReceiver],
        triggers: [VendorName: [String: PullTrigger]], fetcher: RecordFetcher? = nil,
        configuration: Configuration = Configuration(), logger: Logger
    ) {
        self.store = store
        self.metrics = metrics
        self.health = health
        self.receivers = receivers
        self.triggers = triggers
        self.fetcher = fetcher
        self.configuration = configuration
        self.logger = logger
    }

    /// A Hummingbird router with the routes.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in Response.text("ok\n") }
        router.get("/readyz") { _, _ in try await readiness() }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.post("/webhooks/{vendor}") { request, context in try await webhook(request, context: context) }
        return router
    }

    private func readiness() async throws -> Response {
        let databaseOK = (try? await store.read { tx in try tx.outboxDepth() }) != nil
        let fatal = health.snapshot.filter { $0.value.fatal != nil }.map(\.key.rawValue).sorted()
        guard databaseOK, fatal.isEmpty else {
            let reason = databaseOK ? "fatal: \(fatal.joined(separator: ", "))" : "database unreachable"
            return Response.text("not ready: \(reason)\n", status: .serviceUnavailable)
        }
        return Response.text("ready\n")
    }

    private func webhook(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let vendor = VendorName(rawValue: context.parameters.get("vendor") ?? "")
        guard let receiver = receivers.first(where: { $0.vendor == vendor }) else {
            return Response.text("no webhook receiver for this vendor\n", status: .notFound)
        }
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        var headers: [String: String] = [:]
        for field in request.headers where headers[field.name.canonicalName] == nil {
            headers[field.name.canonicalName] = field.value
        }
        let webhookRequest = WebhookRequest(
            method: request.method.rawValue, url: signedURL(request), headers: headers, body: Array(buffer: buffer)
        )
        switch receiver.receive(webhookRequest, now: wallClockMillis()) {
        case let .unauthorized(reason):
            logger.warning("webhook refused", metadata: ["vendor": "\(vendor)", "reason": "\(reason)"])
            return Response.text("unauthorized\n", status: .unauthorized)
        case let .malformed(reason):
            logger.warning("webhook malformed", metadata: ["vendor": "\(vendor)", "reason": "\(reason)"])
            return Response.text("malformed\n", status: .badRequest)
        case let .accepted(streams, keys):
            for stream in streams where fetcher?.enqueue(keys, vendor: vendor, stream: stream) != true {
                triggers[vendor]?[stream]?.fire()
            }
            logger.info("webhook accepted", metadata: [
                "vendor": "\(vendor)", "streams": "\(streams.sorted().joined(separator: ","))", "records": "\(keys.count)",
            ])
            return Response(status: .noContent)
        }
    }

    /// The URL the vendor called: the configured public base URL, else `http://<Host>`, plus path and query.
    private func signedURL(_ request: Request) -> String {
        let pathAndQuery = request.uri.description
        if let base = configuration.publicBaseURL { return base.trimmingSuffix("/") + pathAndQuery }
        return "http://\(request.head.authority ?? "localhost")\(pathAndQuery)"
    }
}

extension Response {
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var copy = self
        while copy.hasSuffix(suffix) { copy.removeLast(suffix.count) }
        return copy
    }
}
