import Foundation

extension HubSpotConnector {
    /// How the connector talks to one HubSpot portal. Every field has a default, so `Configuration()` plus an
    /// `auth` value is a working setup; decoding a partial JSON/YAML object fills the rest with the defaults.
    ///
    /// - Important: secret values (tokens, client secret) are passed in by the caller; this type never reads files.
    public struct Configuration: Codable, Sendable, Equatable {
        /// API base URL. Default `https://api.hubapi.com` (every HubSpot spec's `servers`).
        public var baseURL: URL
        /// Credentials.
        public var auth: Auth
        /// Contact properties requested from search and listings, besides the ones the mapping, consent and
        /// merge handling need (those are always added). Default: none extra.
        public var extraProperties: [String]
        /// HubSpot contact property → hub canonical field. Default: `HubSpotFieldMapping.defaultTable`.
        public var fieldMapping: [String: String]
        /// Subscription types (communication-preferences ids) the connector manages, with their hub topic names.
        public var subscriptionTypes: [SubscriptionType]
        /// Overlap of each pass with the previous one, in milliseconds (covers search-index lag). Default 300,000.
        public var lookbackMs: Int64
        /// Search page size (HubSpot max 200). Default 200.
        public var pageSize: Int
        /// Which communication-preferences API reads and writes consent. Default `.v3`.
        public var consentAPI: ConsentAPI
        /// Whether each pulled page asks the consent API for its contacts' statuses. When `false`, consent comes
        /// from the contact properties `hs_email_optout` / `hs_email_optout_<id>` only. Default `true`.
        public var fetchConsentStatuses: Bool
        /// Parallel status reads per page with `consentAPI == .v3` (the HTTP client still applies the rate limits).
        public var consentConcurrency: Int
        /// Whether the `email_events` stream is pulled and `.event` mutations are pushed. Default `true`.
        public var eventsEnabled: Bool
        /// The custom behavioural event name used for pushed events (`/events/v3/send` `eventName`).
        public var customEventName: String
        /// The contact property used to record a suppression pushed from another vendor (see README). Must exist
        /// in the portal; `nil` (default) rejects `.suppression` mutations.
        public var suppressionProperty: String?
        /// Largest accepted property value in UTF-8 bytes; a larger one rejects the record. Default 65,536.
        public var maxPropertyBytes: Int
        /// Offset of the portal's time zone from UTC in minutes (the daily API quota resets at its midnight).
        public var portalUTCOffsetMinutes: Int
        /// Requests per 10 s declared to the rate limiter (per app, Enterprise tier). Default 190.
        public var burstLimit: Int
        /// Requests per day declared to the rate limiter (per account, resets at the portal's midnight).
        /// Default 1,000,000.
        public var dailyLimit: Int
        /// Search requests per second. Default 5.
        public var searchPerSecond: Int
        /// Whether the very first pass (no cursor yet) lists every contact with `GET /crm/v3/objects/contacts`
        /// (100 per page, no 10,000 cap, no search rate limit) instead of searching from time 0. Default `false`.
        public var initialListing: Bool
        /// How far back the first `email_events` pass reads, in days (default 7).
        public var firstEventsWindowDays: Int

        /// A configuration; every parameter has the documented default.
        public init(
            baseURL: URL = URL(string: "https://api.hubapi.com")!, auth: Auth = .privateApp(token: ""),
            extraProperties: [String] = [], fieldMapping: [String: String] = HubSpotFieldMapping.defaultTable,
            subscriptionTypes: [SubscriptionType] = [], lookbackMs: Int64 = 300_000, pageSize: Int = 200,
            consentAPI: ConsentAPI = .v3, fetchConsentStatuses: Bool = true, consentConcurrency: Int = 4,
            eventsEnabled: Bool = true, customEventName: String = "vendorsync_send_event",
            suppressionProperty: String? = nil, maxPropertyBytes: Int = 65_536, portalUTCOffsetMinutes: Int = 0,
            burstLimit: Int = 190, dailyLimit: Int = 1_000_000, searchPerSecond: Int = 5,
            initialListing: Bool = false, firstEventsWindowDays: Int = 7
        ) {
            self.baseURL = baseURL
            self.auth = auth
            self.extraProperties = extraProperties
            self.fieldMapping = fieldMapping
            self.subscriptionTypes = subscriptionTypes
            self.lookbackMs = lookbackMs
            self.pageSize = min(max(1, pageSize), 200)
            self.consentAPI = consentAPI
            self.fetchConsentStatuses = fetchConsentStatuses
            self.consentConcurrency = max(1, consentConcurrency)
            self.eventsEnabled = eventsEnabled
            self.customEventName = customEventName
            self.suppressionProperty = suppressionProperty
            self.maxPropertyBytes = maxPropertyBytes
            self.portalUTCOffsetMinutes = portalUTCOffsetMinutes
            self.burstLimit = max(1, burstLimit)
            self.dailyLimit = max(1, dailyLimit)
            self.searchPerSecond = max(1, searchPerSecond)
            self.initialListing = initialListing
            self.firstEventsWindowDays = max(0, firstEventsWindowDays)
        }
    }

    /// Credentials for one portal.
    public enum Auth: Codable, Sendable, Equatable {
        /// A private-app (static) token sent as `Authorization: Bearer <token>`; cannot be refreshed.
        case privateApp(token: String)
        /// An OAuth public app: access tokens are obtained with the refresh-token grant of `POST /oauth/v1/token`
        /// (`oauth-v1.openapi.json`) and cached until `expires_in`.
        case oauth(clientId: String, clientSecret: String, refreshToken: String)
    }

    /// Which communication-preferences API generation is used.
    public enum ConsentAPI: String, Codable, Sendable {
        /// `GET /communication-preferences/v3/status/email/{email}`, `POST .../v3/subscribe|unsubscribe`.
        case v3
        /// `POST /communication-preferences/v4/statuses/batch/read?channel=EMAIL`, `POST .../v4/statuses/{email}`.
        case v4
    }

    /// A subscription type the connector manages and the hub topic it stands for.
    public struct SubscriptionType: Codable, Sendable, Equatable {
        /// The HubSpot subscription id (a number; kept as text, as `hs_email_optout_<id>` uses it).
        public var id: String
        /// The hub consent topic name (e.g. `newsletter`).
        public var topic: String

        /// A managed subscription type.
        public init(id: String, topic: String) {
            self.id = id
            self.topic = topic
        }
    }
}

extension HubSpotConnector.Configuration {
    private enum CodingKeys: String, CodingKey {
        case baseURL, auth, extraProperties, fieldMapping, subscriptionTypes, lookbackMs, pageSize, consentAPI
        case fetchConsentStatuses, consentConcurrency, eventsEnabled, customEventName, suppressionProperty
        case maxPropertyBytes, portalUTCOffsetMinutes, burstLimit, dailyLimit, searchPerSecond, initialListing
        case firstEventsWindowDays
    }

    /// Decodes a configuration; absent keys take the defaults of `init`.
    /// - Throws: `DecodingError` for a present key of the wrong type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        self.init(
            baseURL: try c.decodeIfPresent(URL.self, forKey: .baseURL) ?? d.baseURL,
            auth: try c.decodeIfPresent(HubSpotConnector.Auth.self, forKey: .auth) ?? d.auth,
            extraProperties: try c.decodeIfPresent([String].self, forKey: .extraProperties) ?? d.extraProperties,
            fieldMapping: try c.decodeIfPresent([String: String].self, forKey: .fieldMapping) ?? d.fieldMapping,
            subscriptionTypes: try c.decodeIfPresent(
                [HubSpotConnector.SubscriptionType].self, forKey: .subscriptionTypes)
                ?? d.subscriptionTypes,
            lookbackMs: try c.decodeIfPresent(Int64.self, forKey: .lookbackMs) ?? d.lookbackMs,
            pageSize: try c.decodeIfPresent(Int.self, forKey: .pageSize) ?? d.pageSize,
            consentAPI: try c.decodeIfPresent(HubSpotConnector.ConsentAPI.self, forKey: .consentAPI) ?? d.consentAPI,
            fetchConsentStatuses: try c.decodeIfPresent(Bool.self, forKey: .fetchConsentStatuses)
                ?? d.fetchConsentStatuses,
            consentConcurrency: try c.decodeIfPresent(Int.self, forKey: .consentConcurrency) ?? d.consentConcurrency,
            eventsEnabled: try c.decodeIfPresent(Bool.self, forKey: .eventsEnabled) ?? d.eventsEnabled,
            customEventName: try c.decodeIfPresent(String.self, forKey: .customEventName) ?? d.customEventName,
            suppressionProperty: try c.decodeIfPresent(String.self, forKey: .suppressionProperty),
            maxPropertyBytes: try c.decodeIfPresent(Int.self, forKey: .maxPropertyBytes) ?? d.maxPropertyBytes,
            portalUTCOffsetMinutes: try c.decodeIfPresent(Int.self, forKey: .portalUTCOffsetMinutes) ?? 0,
            burstLimit: try c.decodeIfPresent(Int.self, forKey: .burstLimit) ?? d.burstLimit,
            dailyLimit: try c.decodeIfPresent(Int.self, forKey: .dailyLimit) ?? d.dailyLimit,
            searchPerSecond: try c.decodeIfPresent(Int.self, forKey: .searchPerSecond) ?? d.searchPerSecond,
            initialListing: try c.decodeIfPresent(Bool.self, forKey: .initialListing) ?? d.initialListing,
            firstEventsWindowDays: try c.decodeIfPresent(Int.self, forKey: .firstEventsWindowDays) ?? d.firstEventsWindowDays
        )
    }
}
