import ConnectorKit
import Foundation
import Logging
import SyncCore

/// The Braze connector: pulls unsubscribes, hard bounces and a sweep of known profiles; pushes attributes,
/// global and subscription-group consent, and (optionally) custom events and blocklist entries.
///
/// Records are keyed by Braze `external_id`; `braze_id` and user aliases are kept as aliases. All HTTP goes
/// through one `VendorHTTPClient` with Braze's documented rate limits (`BrazeRateLimits`), its rate-limit header
/// reader and response classification (`BrazeResponseClassifier`); the connector never sleeps or retries itself.
/// Field and consent mappings: `connectors/braze/README.md`.
///
/// - Important: cursors are persisted by the engine only.
public struct BrazeConnector: VendorConnector {
    /// `"braze"`.
    public let vendor: VendorName = "braze"
    /// The configuration this connector was made with (the API key included; never log it).
    public let configuration: Configuration
    /// The HTTP client (exposed for metrics: `client.stats`, `client.rateLimiter`).
    public let client: VendorHTTPClient
    private let logger: Logger

    /// A connector for one Braze workspace.
    ///
    /// - Parameters:
    ///   - configuration: instance URL, API key value and mappings.
    ///   - transport: how bytes travel (`AsyncHTTPClientTransport`, or a fixture transport in tests).
    ///   - logger: for the HTTP client's per-request lines (paths redacted) and the connector's notices.
    ///   - clock: wall clock and sleep for the client's waits (inject in tests), default the system clock.
    ///   - retry: the client's retry policy, default `RetryPolicy()` (5 attempts, full jitter, 30 s cap).
    ///   - random: the jitter source, default the system generator.
    /// - Throws: `ConnectorError(.configuration)` when `restBaseURL` is not an absolute http(s) URL, the API key
    ///   is empty, or `listStartDate` is not a `YYYY-MM-DD` date.
    public init(
        configuration: Configuration, transport: any HTTPTransport, logger: Logger,
        clock: EpochClock = .system, retry: RetryPolicy = RetryPolicy(), random: RandomSource = .system
    ) throws {
        guard let url = URL(string: configuration.restBaseURL), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else {
            throw ConnectorError(.configuration, "braze restBaseURL must be an absolute http(s) URL", vendor: "braze")
        }
        guard !configuration.apiKey.isEmpty else {
            throw ConnectorError(.configuration, "braze apiKey is empty", vendor: "braze")
        }
        if let start = configuration.listStartDate, UTCDay(start) == nil {
            throw ConnectorError(.configuration, "braze listStartDate must be a YYYY-MM-DD date", vendor: "braze")
        }
        self.configuration = configuration
        self.logger = logger
        self.client = VendorHTTPClient(
            vendor: "braze", baseURL: url, transport: transport, auth: StaticBearerAuth(token: configuration.apiKey),
            limits: BrazeRateLimits.all, headerReader: BrazeRateLimits.headerReader,
            classifier: BrazeResponseClassifier(),
            retry: retry, logger: logger, clock: clock, random: random
        )
    }

    /// The list streams, `profiles`, then `segment` when `segmentExport` is configured.
    public var streams: [StreamDescriptor] {
        ListStreamSpec.all.map { StreamDescriptor(name: $0.name, cursorVersion: ListCursor.version) }
            + [StreamDescriptor(name: ProfileSweep.name, cursorVersion: SweepCursor.version)]
            + (configuration.segmentExport == nil
                ? [] : [StreamDescriptor(name: SegmentLoad.name, cursorVersion: SegmentCursor.version)])
    }

    /// The mapped fields, `(email, "*")`, `(push, "*")`, the configured subscription groups; creates records;
    /// email suppressions (as `suppressionAttribute`, or the blocklist for hard bounces).
    public var pushCapabilities: PushCapabilities {
        PushCapabilities(
            fields: Set(configuration.fieldMapping.keys),
            consentKeys: Set(
                [ConsentKey(channel: .email), ConsentKey(channel: .push)]
                    + configuration.subscriptionGroups.values.map(\.key)),
            suppressions: true, canCreate: true
        )
    }

    /// The `/users/track` limit of the configured batch mode (75 or 50).
    public var pushBatchSize: Int { configuration.trackBatchMode.limit }

    /// Pulls one page of a list stream, `profiles` or `segment`.
    /// - Throws: `ConnectorError` (HTTP failures after retries, `.malformedResponse`, `.configuration` for an
    ///   unknown stream).
    public func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        if let spec = ListStreamSpec.all.first(where: { $0.name == stream }) {
            return try await ListStream(spec: spec, configuration: configuration, client: client, vendor: vendor)
                .pull(after: cursor, now: context.now)
        }
        if stream == ProfileSweep.name {
            return try await ProfileSweep(configuration: configuration, client: client, vendor: vendor)
                .pull(after: cursor, context: context)
        }
        if stream == SegmentLoad.name, let settings = configuration.segmentExport {
            return try await SegmentLoad(settings: settings, configuration: configuration, client: client, vendor: vendor)
                .pull(after: cursor, now: context.now)
        }
        throw ConnectorError(.configuration, "unknown braze stream \(stream)", vendor: "braze")
    }

    /// Pushes a batch; exactly one outcome per mutation, in order (see `BrazePush`).
    /// - Throws: `CancellationError` only; request failures become per-mutation `.retry` outcomes.
    public func push(_ mutations: [Mutation]) async throws -> [PushOutcome] {
        let outcomes = try await BrazePush(configuration: configuration, client: client).push(mutations)
        var retried = 0
        var rejected = 0
        for outcome in outcomes {
            switch outcome {
            case .applied, .exists: break
            case .retry: retried += 1
            case .rejected: rejected += 1
            }
        }
        if retried + rejected > 0 {
            logger.notice(
                "braze push: some items not applied",
                metadata: [
                    "vendor": "braze", "mutations": "\(mutations.count)", "retry": "\(retried)",
                    "rejected": "\(rejected)",
                ])
        }
        return outcomes
    }

    /// Maps a dead-lettered list row or exported user again, with the current configuration.
    /// - Throws: `ConnectorError(.configuration)` for an unknown stream, `.malformedResponse` when `raw` is not JSON.
    public func remap(_ record: RejectedRecord) throws -> PulledItem {
        guard let json = try? BrazeJSON.parse(Data(record.raw.utf8)) else {
            throw ConnectorError(.malformedResponse, "dead letter payload is not JSON", vendor: "braze")
        }
        if let spec = ListStreamSpec.all.first(where: { $0.name == record.stream }) {
            return spec.map(json, vendor: vendor)
        }
        if record.stream == ProfileSweep.name || record.stream == SegmentLoad.name {
            return ProfileMapper(configuration: configuration, vendor: vendor, stream: record.stream).map(json)
        }
        throw ConnectorError(.configuration, "unknown braze stream \(record.stream)", vendor: "braze")
    }
}
