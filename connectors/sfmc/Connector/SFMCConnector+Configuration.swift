import Foundation

extension SFMCConnector {
    /// How the connector talks to one SFMC business unit. Every field has a default; decoding a partial JSON/YAML
    /// object fills the rest with the defaults.
    ///
    /// - Important: `clientId` and `clientSecret` are values passed in by the caller; this type never reads files.
    public struct Configuration: Codable, Sendable, Equatable {
        /// The tenant's auth base URL (`https://{subdomain}.auth.marketingcloudapis.com`); the token is requested at
        /// `{authBaseURL}/v2/token`. SOAP and REST URLs come from the token response (sfmc.md §1–2).
        public var authBaseURL: URL
        /// Installed-package client id.
        public var clientId: String
        /// Installed-package client secret. Never logged.
        public var clientSecret: String
        /// The MID (`account_id`) to target; `nil` = the package's default business unit.
        public var accountId: String?
        /// Lists whose `ListSubscriber` status is pulled and pushed, with their hub consent topics.
        public var lists: [ManagedList]
        /// External key of the Data Extension that receives events from other vendors (REST rowset); `nil` rejects
        /// `.event` mutations.
        public var eventsDataExtensionKey: String?
        /// Whether an email opt-out also calls `Execute` `LogUnsubEvent` (records an `UnsubEvent`). Default `true`.
        public var logUnsubEvent: Bool
        /// `Options/BatchSize` of Retrieve requests: rows per page, 1…2,500 (SFMC's maximum). Default 2,500.
        public var pageSize: Int
        /// Overlap of each subscriber/list pass with the previous one, milliseconds. Default 300,000 (5 min).
        public var lookbackMs: Int64
        /// How far back the first `events` pass reads, milliseconds. Default 30 days.
        public var initialEventsLookbackMs: Int64
        /// Subscriber profile attribute (display name) → hub field. Default `SFMCFieldMapping.defaultTable`.
        /// `EmailAddress` is always mapped to `email`.
        public var fieldMapping: [String: String]
        /// UTC offset of SFMC system time, minutes. Default −360 (US Central Standard Time, no DST).
        public var systemTimeOffsetMinutes: Int
        /// Requests per minute declared to the shared rate limiter. Default 2,000 (SFMC throttles adaptively).
        public var requestsPerMinute: Int
        /// How long to back off after a 429 with errorcode 50200 ("temporarily blocked"), milliseconds.
        /// Default 300,000.
        public var blockedBackoffMs: Int64
        /// Subscribers per SOAP `Create` call. Default 100.
        public var pushBatchSize: Int

        /// A configuration; every parameter has the documented default.
        public init(
            authBaseURL: URL = URL(string: "https://mc.auth.marketingcloudapis.com")!, clientId: String = "",
            clientSecret: String = "", accountId: String? = nil, lists: [ManagedList] = [],
            eventsDataExtensionKey: String? = nil, logUnsubEvent: Bool = true, pageSize: Int = 2_500,
            lookbackMs: Int64 = 300_000, initialEventsLookbackMs: Int64 = 30 * 86_400_000,
            fieldMapping: [String: String] = SFMCFieldMapping.defaultTable, systemTimeOffsetMinutes: Int = -360,
            requestsPerMinute: Int = 2_000, blockedBackoffMs: Int64 = 300_000, pushBatchSize: Int = 100
        ) {
            self.authBaseURL = authBaseURL
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.accountId = accountId
            self.lists = lists
            self.eventsDataExtensionKey = eventsDataExtensionKey
            self.logUnsubEvent = logUnsubEvent
            self.pageSize = min(max(1, pageSize), 2_500)
            self.lookbackMs = max(0, lookbackMs)
            self.initialEventsLookbackMs = max(0, initialEventsLookbackMs)
            self.fieldMapping = fieldMapping
            self.systemTimeOffsetMinutes = systemTimeOffsetMinutes
            self.requestsPerMinute = max(1, requestsPerMinute)
            self.blockedBackoffMs = max(0, blockedBackoffMs)
            self.pushBatchSize = min(max(1, pushBatchSize), 2_500)
        }
    }

    /// A list the connector manages (`ListSubscriber` rows, list-level opt-outs) and the hub topic it stands for.
    public struct ManagedList: Codable, Sendable, Equatable {
        /// The SFMC list `ID`.
        public var id: Int
        /// The hub consent topic (e.g. `newsletter`).
        public var topic: String

        /// A managed list.
        public init(id: Int, topic: String) {
            self.id = id
            self.topic = topic
        }
    }
}

extension SFMCConnector.Configuration {
    private enum CodingKeys: String, CodingKey {
        case authBaseURL, clientId, clientSecret, accountId, lists, eventsDataExtensionKey, logUnsubEvent, pageSize
        case lookbackMs, initialEventsLookbackMs, fieldMapping, systemTimeOffsetMinutes, requestsPerMinute
        case blockedBackoffMs, pushBatchSize
    }

    /// Decodes a configuration; absent keys take the defaults of `init`.
    /// - Throws: `DecodingError` for a present key of the wrong type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        self.init(
            authBaseURL: try c.decodeIfPresent(URL.self, forKey: .authBaseURL) ?? d.authBaseURL,
            clientId: try c.decodeIfPresent(String.self, forKey: .clientId) ?? d.clientId,
            clientSecret: try c.decodeIfPresent(String.self, forKey: .clientSecret) ?? d.clientSecret,
            accountId: try c.decodeIfPresent(String.self, forKey: .accountId),
            lists: try c.decodeIfPresent([SFMCConnector.ManagedList].self, forKey: .lists) ?? d.lists,
            eventsDataExtensionKey: try c.decodeIfPresent(String.self, forKey: .eventsDataExtensionKey),
            logUnsubEvent: try c.decodeIfPresent(Bool.self, forKey: .logUnsubEvent) ?? d.logUnsubEvent,
            pageSize: try c.decodeIfPresent(Int.self, forKey: .pageSize) ?? d.pageSize,
            lookbackMs: try c.decodeIfPresent(Int64.self, forKey: .lookbackMs) ?? d.lookbackMs,
            initialEventsLookbackMs: try c.decodeIfPresent(Int64.self, forKey: .initialEventsLookbackMs)
                ?? d.initialEventsLookbackMs,
            fieldMapping: try c.decodeIfPresent([String: String].self, forKey: .fieldMapping) ?? d.fieldMapping,
            systemTimeOffsetMinutes: try c.decodeIfPresent(Int.self, forKey: .systemTimeOffsetMinutes)
                ?? d.systemTimeOffsetMinutes,
            requestsPerMinute: try c.decodeIfPresent(Int.self, forKey: .requestsPerMinute) ?? d.requestsPerMinute,
            blockedBackoffMs: try c.decodeIfPresent(Int64.self, forKey: .blockedBackoffMs) ?? d.blockedBackoffMs,
            pushBatchSize: try c.decodeIfPresent(Int.self, forKey: .pushBatchSize) ?? d.pushBatchSize
        )
    }
}

extension SFMCConnector.Configuration: CustomStringConvertible {
    /// The configuration without the client secret (`REDACTED`).
    public var description: String {
        "SFMCConnector.Configuration(authBaseURL: \(authBaseURL), clientId: \(clientId), clientSecret: REDACTED, "
            + "accountId: \(accountId ?? "default"), lists: \(lists.map(\.id)), pageSize: \(pageSize))"
    }
}
