import ConnectorKit
import Foundation
import Logging
import SyncCore

/// The Salesforce Marketing Cloud connector: pulls subscribers (with their master status), list subscriptions and
/// tracking events over SOAP; pushes subscriber attributes, status, list status and suppressions through SOAP
/// `Create` (`UpdateAdd`), opt-outs optionally through `Execute` `LogUnsubEvent`, and events from other vendors to a
/// Data Extension through REST.
///
/// It describes requests and maps payloads; retries, rate limits and OAuth token renewal are done by the shared
/// `VendorHTTPClient` and `TokenCache`. It never stores state: the engine persists its cursors.
/// Mappings: `connectors/sfmc/README.md`. Sources: `../shared/vendor-reference/sfmc.md` and
/// `specs/sfmc/etframework.wsdl`.
public struct SFMCConnector: VendorConnector {
    /// The stream names.
    public enum Stream {
        /// Subscribers changed since the cursor (`Retrieve Subscriber`, `ModifiedDate`/`CreatedDate` filter).
        public static let subscribers = "subscribers"
        /// `ListSubscriber` rows of the configured lists changed since the cursor.
        public static let listSubscribers = "list_subscribers"
        /// Tracking events (`SentEvent`, `OpenEvent`, `ClickEvent`, `BounceEvent`, `UnsubEvent`) by `EventDate` window.
        public static let events = "events"
    }

    /// `sfmc`.
    public let vendor: VendorName = "sfmc"
    /// The configuration this connector was built with.
    public let configuration: Configuration
    let client: VendorHTTPClient
    let tokens: TokenCache
    let logger: Logger
    let clock: EpochClock
    /// What SFMC has sent per open `RequestID` (this instance only): decides `ContinueRequest` vs re-issue.
    let ledger = ContinueLedger()

    /// A connector for one business unit.
    /// - Parameters:
    ///   - configuration: auth URL, credentials, lists, Data Extension, stream settings.
    ///   - transport: how bytes travel (share one `AsyncHTTPClientTransport`; fixtures in tests).
    ///   - logger: receives request and mapping logs; never tokens or raw email addresses.
    ///   - clock: UTC epoch ms and sleeping for the HTTP client and token cache (inject in tests).
    ///   - retry: the HTTP client's retry policy.
    ///   - random: the backoff jitter source.
    public init(
        configuration: Configuration, transport: any HTTPTransport, logger: Logger = Logger(label: "vendorsync.sfmc"),
        clock: EpochClock = .system, retry: RetryPolicy = RetryPolicy(), random: RandomSource = .system
    ) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        let provider = SFMCTokenProvider(
            authBaseURL: configuration.authBaseURL, clientId: configuration.clientId,
            clientSecret: configuration.clientSecret, accountId: configuration.accountId, clock: clock)
        tokens = TokenCache(provider: provider, transport: transport, clock: clock)
        client = VendorHTTPClient(
            vendor: "sfmc", baseURL: configuration.authBaseURL, transport: transport,
            auth: OAuthBearerAuth(cache: tokens, placement: SOAPEnvelope.placement),
            limits: [RateLimit(name: "requests", limit: configuration.requestsPerMinute, per: .seconds(60))],
            classifier: SFMCResponseClassifier(blockedBackoffMs: configuration.blockedBackoffMs, maxAttempts: retry.maxAttempts),
            retry: retry, logger: logger, clock: clock, random: random
        )
    }

    /// `subscribers`, `list_subscribers` when lists are configured, then `events`.
    public var streams: [StreamDescriptor] {
        var streams = [StreamDescriptor(name: Stream.subscribers, cursorVersion: RetrieveCursor.version)]
        if !configuration.lists.isEmpty {
            streams.append(StreamDescriptor(name: Stream.listSubscribers, cursorVersion: RetrieveCursor.version))
        }
        streams.append(StreamDescriptor(name: Stream.events, cursorVersion: EventsCursor.version))
        return streams
    }

    /// Mapped fields plus `email`, consent `email/*` and every managed list topic, suppressions (Status `Held`),
    /// and record creation (SubscriberKey = the hub's person ref). SFMC has no explicit opt-in: an opt-in is written
    /// as `Active`, which reads back neutral (`optInReadsAsNeutral`).
    public var pushCapabilities: PushCapabilities {
        var keys: Set<ConsentKey> = [ConsentKey(channel: .email)]
        for list in configuration.lists { keys.insert(ConsentKey(channel: .email, topic: list.topic)) }
        return PushCapabilities(fields: Set(configuration.fieldMapping.values).union(["email"]), consentKeys: keys,
                                suppressions: true, canCreate: true, optInReadsAsNeutral: true)
    }

    /// `configuration.pushBatchSize` (default 100 objects per SOAP Create).
    public var pushBatchSize: Int { configuration.pushBatchSize }

    /// Pulls one page of `stream` after `cursor`.
    /// - Throws: `ConnectorError` from the HTTP client; `.permanent` for an `Error: …` OverallStatus;
    ///   `.malformedResponse` for an unreadable body; `.configuration` for an unknown stream or unreadable cursor.
    public func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        switch stream {
        case Stream.subscribers: return try await pullSubscribers(after: cursor, now: context.now)
        case Stream.listSubscribers: return try await pullListSubscribers(after: cursor, now: context.now)
        case Stream.events: return try await pullEvents(after: cursor, now: context.now)
        default: throw ConnectorError(.configuration, "unknown stream \(stream)", vendor: "sfmc")
        }
    }

    /// Maps a dead-lettered raw `<Results>` element again with the current configuration.
    /// - Throws: `ConnectorError(.configuration)` for an unknown stream, `.badRecord` when `raw` is not XML.
    public func remap(_ record: RejectedRecord) throws -> PulledItem {
        guard let node = SOAPNode.parseFragment(record.raw) else {
            throw ConnectorError(.badRecord, "dead letter is not an XML element", vendor: "sfmc")
        }
        switch record.stream {
        case Stream.subscribers: return subscriberMapper.map(node)
        case Stream.listSubscribers: return listMapper.map(node)
        case Stream.events: return eventMapper.map(node)
        default: throw ConnectorError(.configuration, "stream \(record.stream) cannot be remapped", vendor: "sfmc")
        }
    }

    var time: SystemTime { SystemTime(offsetMinutes: configuration.systemTimeOffsetMinutes) }
    var subscriberMapper: SubscriberMapper { SubscriberMapper(fieldMapping: configuration.fieldMapping, time: time) }
    var listMapper: ListSubscriberMapper { ListSubscriberMapper(lists: configuration.lists, time: time) }
    var eventMapper: TrackingEventMapper { TrackingEventMapper(time: time) }
}
