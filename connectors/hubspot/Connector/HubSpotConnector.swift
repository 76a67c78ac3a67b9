import ConnectorKit
import Foundation
import Logging
import SyncCore

/// The HubSpot connector: pulls contacts (with their email consent), archived contacts and marketing email events;
/// pushes contact attributes, consent, events and suppressions.
///
/// It describes requests and maps payloads; retries, rate limits (`HubSpotRateLimits`) and OAuth token refresh are
/// done by the shared `VendorHTTPClient`. It never stores state: the engine persists its cursors.
/// Mappings: `connectors/hubspot/README.md`. Sources: `../shared/vendor-reference/hubspot.md` and the specs in
/// `specs/hubspot/` named on each operation.
public struct HubSpotConnector: VendorConnector {
    /// The stream names.
    public enum Stream {
        /// Contacts changed since the cursor, via CRM search on `lastmodifieddate`.
        public static let contacts = "contacts"
        /// Archived (deleted) contacts, via `GET /crm/v3/objects/contacts?archived=true`.
        public static let archived = "archived"
        /// Marketing email events, via `GET /email/public/v1/events`.
        public static let emailEvents = "email_events"
    }

    /// `hubspot`.
    public let vendor: VendorName = "hubspot"
    /// The configuration this connector was built with.
    public let configuration: Configuration
    let client: VendorHTTPClient
    let logger: Logger
    let clock: EpochClock
    let mapper: ContactMapper
    let consentMapper: ConsentMapper

    /// A connector for one portal.
    /// - Parameters:
    ///   - configuration: base URL, credentials, mapping, consent and stream settings.
    ///   - transport: how bytes travel (share one `AsyncHTTPClientTransport`; fixtures in tests).
    ///   - logger: receives request and mapping logs; never tokens or raw email addresses.
    ///   - clock: UTC epoch ms and sleeping for the HTTP client (inject in tests).
    ///   - retry: the HTTP client's retry policy.
    ///   - random: the backoff jitter source.
    public init(
        configuration: Configuration, transport: any HTTPTransport,
        logger: Logger = Logger(label: "vendorsync.hubspot"),
        clock: EpochClock = .system, retry: RetryPolicy = RetryPolicy(), random: RandomSource = .system
    ) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        let auth: any AuthProvider
        switch configuration.auth {
        case .privateApp(let token):
            auth = StaticBearerAuth(token: token)
        case .oauth(let clientId, let clientSecret, let refreshToken):
            let provider = HubSpotTokenProvider(
                baseURL: configuration.baseURL, clientId: clientId, clientSecret: clientSecret,
                refreshToken: refreshToken, clock: clock
            )
            auth = OAuthBearerAuth(cache: TokenCache(provider: provider, transport: transport, clock: clock))
        }
        client = VendorHTTPClient(
            vendor: "hubspot", baseURL: configuration.baseURL, transport: transport, auth: auth,
            limits: HubSpotRateLimits.limits(configuration),
            headerReader: HubSpotRateLimits.headerReader(portalUTCOffsetMinutes: configuration.portalUTCOffsetMinutes),
            classifier: HubSpotResponseClassifier(portalUTCOffsetMinutes: configuration.portalUTCOffsetMinutes),
            retry: retry, logger: logger, clock: clock, random: random
        )
        mapper = ContactMapper(
            vendor: "hubspot", table: configuration.fieldMapping, maxPropertyBytes: configuration.maxPropertyBytes)
        consentMapper = ConsentMapper(types: configuration.subscriptionTypes)
    }

    /// `contacts`, `archived`, then `email_events` when events are enabled.
    public var streams: [StreamDescriptor] {
        var streams = [
            StreamDescriptor(name: Stream.contacts, cursorVersion: ContactsCursor.version),
            StreamDescriptor(name: Stream.archived, cursorVersion: ArchivedCursor.version),
        ]
        if configuration.eventsEnabled {
            streams.append(StreamDescriptor(name: Stream.emailEvents, cursorVersion: EmailEventsCursor.version))
        }
        return streams
    }

    /// The mapped fields, consent keys (`email/*` and every managed topic; none without managed subscription
    /// types, since consent is written per type), suppressions when a suppression property is configured, and
    /// record creation (upsert by email).
    public var pushCapabilities: PushCapabilities {
        var keys: Set<ConsentKey> = []
        for type in configuration.subscriptionTypes { keys.insert(ConsentKey(channel: .email, topic: type.topic)) }
        if !keys.isEmpty { keys.insert(ConsentKey(channel: .email)) }
        return PushCapabilities(
            fields: Set(configuration.fieldMapping.values), consentKeys: keys,
            suppressions: configuration.suppressionProperty != nil, canCreate: true
        )
    }

    /// 100: HubSpot's batch input limit (hubspot.md §4).
    public var pushBatchSize: Int { 100 }

    /// Pulls one page of `stream` after `cursor`.
    /// - Throws: `ConnectorError` from the HTTP client; `.configuration` for an unknown stream or an unreadable
    ///   cursor; `.malformedResponse` when a response is not the documented JSON.
    public func pull(stream: String, after cursor: CursorToken?, context: PullContext) async throws -> Page {
        switch stream {
        case Stream.contacts: return try await pullContacts(after: cursor, now: context.now)
        case Stream.archived: return try await pullArchived(after: cursor, now: context.now)
        case Stream.emailEvents: return try await pullEmailEvents(after: cursor, now: context.now)
        default: throw ConnectorError(.configuration, "unknown stream \(stream)", vendor: "hubspot")
        }
    }

    /// Maps a dead-lettered raw contact again with the current mapping (no consent statuses are read).
    /// - Throws: `ConnectorError(.configuration)` when the stream has no remapping, `.badRecord` for raw text that
    ///   is not a JSON object.
    public func remap(_ record: RejectedRecord) throws -> PulledItem {
        guard record.stream == Stream.contacts || record.stream == Stream.archived else {
            throw ConnectorError(.configuration, "stream \(record.stream) cannot be remapped", vendor: "hubspot")
        }
        guard let object = HubSpotJSON.object(Data(record.raw.utf8)) else {
            throw ConnectorError(.badRecord, "dead letter is not a JSON object", vendor: "hubspot")
        }
        switch mapper.map(object, raw: record.raw, stream: record.stream) {
        case .success(let mapped):
            var change = mapped.change
            if !change.deleted {
                change.consent = consentMapper.observations(
                    statuses: nil, properties: mapped.properties, modifiedMs: mapped.modifiedMs)
            }
            return .change(change)
        case .failure(let rejected):
            return .rejected(rejected)
        }
    }

    /// Decodes a cursor of `type`, `nil` for none or another version.
    func decodeCursor<Value: Decodable>(_ token: CursorToken?, _ type: Value.Type, version: Int) throws -> Value? {
        guard let token else { return nil }
        do {
            return try token.decode(type, expectedVersion: version)
        } catch {
            throw ConnectorError(.configuration, "stored cursor is not readable", vendor: "hubspot", underlying: error)
        }
    }

    /// Encodes a cursor.
    func encodeCursor<Value: Encodable>(_ value: Value, version: Int) throws -> CursorToken {
        do {
            return try CursorToken(version: version, value: value)
        } catch {
            throw ConnectorError(.configuration, "cursor cannot be encoded", vendor: "hubspot", underlying: error)
        }
    }
}

extension HubSpotConnector.Auth: CustomStringConvertible {
    /// The kind of credentials, never their values.
    public var description: String {
        switch self {
        case .privateApp: "privateApp(REDACTED)"
        case .oauth(let clientId, _, _): "oauth(clientId: \(clientId), REDACTED)"
        }
    }
}
