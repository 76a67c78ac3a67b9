import Foundation
import SyncCore

extension BrazeConnector {
    /// Everything the Braze connector needs from the operator. Every field but `restBaseURL` and `apiKey` has a
    /// default; decoding accepts any subset of the keys.
    ///
    /// - Important: `apiKey` is the key **value**, handed over by the caller (read from a credentials file or the
    ///   environment by the composition root). It is never encoded: `encode(to:)` leaves it out.
    public struct Configuration: Codable, Sendable, Equatable {
        /// The workspace's REST endpoint, e.g. `https://rest.iad-01.braze.com` or `https://rest.fra-01.braze.eu`.
        /// Required and never inferred: a key used on the wrong instance gets HTTP 401.
        /// (Braze docs: "API and SDK endpoints".)
        public var restBaseURL: String
        /// The REST API key value, sent as `Authorization: Bearer <key>`.
        public var apiKey: String
        /// Canonical hub field → Braze profile field. Standard fields by name (`first_name`, `home_city`, ...);
        /// custom attributes as `custom_attributes.<name>`. Default: `BrazeFieldMapping.defaultTable`.
        public var fieldMapping: [String: String]
        /// How many objects one `POST /users/track` may carry. Default `.perArray75`.
        public var trackBatchMode: TrackBatchMode
        /// Canonical fields that may be cleared with `null` in `/users/track`. Default none: an empty value is
        /// never sent.
        public var clearableFields: Set<String>
        /// Days the list streams (`unsubscribes`, `hard_bounces`, `invalid_phones`) re-read before today on each
        /// pass, so a row indexed late is not missed. Default 1.
        public var listLookbackDays: Int
        /// The first day (`YYYY-MM-DD`, UTC) the list streams read on their first run; `nil` = 30 days before the
        /// pull time.
        public var listStartDate: String?
        /// The longest date window one list request covers, in days. Default 30.
        public var listWindowDays: Int
        /// `limit` of list requests (1...500). Default 500, Braze's maximum.
        public var listPageSize: Int
        /// Seconds between two sweeps of the `profiles` stream. Default 3,600.
        public var sweepIntervalSeconds: Int
        /// `external_ids` per `POST /users/export/ids` in the sweep (1...50). Default 50.
        public var sweepBatchSize: Int
        /// Braze subscription group id → hub consent key. Groups not listed are ignored.
        public var subscriptionGroups: [String: SubscriptionGroupTopic]
        /// Push `.event` mutations as Braze custom events. Default `false` (they are rejected).
        public var pushEvents: Bool
        /// Push hard-bounce suppressions through `POST /email/blocklist` (which also unsubscribes the address).
        /// Default `false`: suppressions are not pushed.
        public var blocklistHardBounces: Bool
        /// The custom attribute that receives other vendors' suppressions (`hardBounce`, `spamComplaint`); `nil` writes none.
        public var suppressionAttribute: String?
        /// The largest string (UTF-8 bytes) accepted anywhere in an exported profile; larger → the profile is
        /// rejected. Default 65,536.
        public var maxAttributeBytes: Int
        /// The `segment` stream's bulk load through `POST /users/export/segment`; `nil` (the default): no such
        /// stream.
        public var segmentExport: SegmentExport?

        /// A configuration; see the properties for the defaults.
        public init(
            restBaseURL: String, apiKey: String, fieldMapping: [String: String] = BrazeFieldMapping.defaultTable,
            trackBatchMode: TrackBatchMode = .perArray75, clearableFields: Set<String> = [],
            listLookbackDays: Int = 1, listStartDate: String? = nil, listWindowDays: Int = 30, listPageSize: Int = 500,
            sweepIntervalSeconds: Int = 3_600, sweepBatchSize: Int = 50,
            subscriptionGroups: [String: SubscriptionGroupTopic] = [:], pushEvents: Bool = false,
            blocklistHardBounces: Bool = false, suppressionAttribute: String? = "vendorsync_suppression",
            maxAttributeBytes: Int = 65_536, segmentExport: SegmentExport? = nil
        ) {
            self.restBaseURL = restBaseURL
            self.apiKey = apiKey
            self.fieldMapping = fieldMapping
            self.trackBatchMode = trackBatchMode
            self.clearableFields = clearableFields
            self.listLookbackDays = listLookbackDays
            self.listStartDate = listStartDate
            self.listWindowDays = listWindowDays
            self.listPageSize = listPageSize
            self.sweepIntervalSeconds = sweepIntervalSeconds
            self.sweepBatchSize = sweepBatchSize
            self.subscriptionGroups = subscriptionGroups
            self.pushEvents = pushEvents
            self.blocklistHardBounces = blocklistHardBounces
            self.suppressionAttribute = suppressionAttribute
            self.maxAttributeBytes = maxAttributeBytes
            self.segmentExport = segmentExport
        }

        private enum CodingKeys: String, CodingKey {
            case restBaseURL, apiKey, fieldMapping, trackBatchMode, clearableFields, listLookbackDays, listStartDate
            case listWindowDays, listPageSize, sweepIntervalSeconds, sweepBatchSize, subscriptionGroups, pushEvents
            case blocklistHardBounces, suppressionAttribute, maxAttributeBytes, segmentExport
        }

        /// Decodes a configuration; missing keys take their defaults.
        /// - Throws: `DecodingError` when `restBaseURL` is missing, a value has the wrong type, or `listStartDate` is
        ///   not a `YYYY-MM-DD` date (`.dataCorrupted` at that key, so the error names it at start, not at the first
        ///   pull).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Configuration(restBaseURL: "", apiKey: "")
            restBaseURL = try c.decode(String.self, forKey: .restBaseURL)
            apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey) ?? d.apiKey
            fieldMapping = try c.decodeIfPresent([String: String].self, forKey: .fieldMapping) ?? d.fieldMapping
            trackBatchMode = try c.decodeIfPresent(TrackBatchMode.self, forKey: .trackBatchMode) ?? d.trackBatchMode
            clearableFields = try c.decodeIfPresent(Set<String>.self, forKey: .clearableFields) ?? d.clearableFields
            listLookbackDays = try c.decodeIfPresent(Int.self, forKey: .listLookbackDays) ?? d.listLookbackDays
            listStartDate = try c.decodeIfPresent(String.self, forKey: .listStartDate)
            if let listStartDate, UTCDay(listStartDate) == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .listStartDate, in: c,
                    debugDescription: "expected a date YYYY-MM-DD (UTC), e.g. \"2026-01-01\", got \"\(listStartDate.prefix(40))\"")
            }
            listWindowDays = try c.decodeIfPresent(Int.self, forKey: .listWindowDays) ?? d.listWindowDays
            listPageSize = try c.decodeIfPresent(Int.self, forKey: .listPageSize) ?? d.listPageSize
            sweepIntervalSeconds =
                try c.decodeIfPresent(Int.self, forKey: .sweepIntervalSeconds) ?? d.sweepIntervalSeconds
            sweepBatchSize = try c.decodeIfPresent(Int.self, forKey: .sweepBatchSize) ?? d.sweepBatchSize
            subscriptionGroups =
                try c.decodeIfPresent([String: SubscriptionGroupTopic].self, forKey: .subscriptionGroups)
                ?? d.subscriptionGroups
            pushEvents = try c.decodeIfPresent(Bool.self, forKey: .pushEvents) ?? d.pushEvents
            blocklistHardBounces =
                try c.decodeIfPresent(Bool.self, forKey: .blocklistHardBounces) ?? d.blocklistHardBounces
            suppressionAttribute = c.contains(.suppressionAttribute)
                ? try c.decodeIfPresent(String.self, forKey: .suppressionAttribute) : d.suppressionAttribute
            maxAttributeBytes = try c.decodeIfPresent(Int.self, forKey: .maxAttributeBytes) ?? d.maxAttributeBytes
            segmentExport = try c.decodeIfPresent(SegmentExport.self, forKey: .segmentExport)
        }

        /// Encodes every field except `apiKey` (a secret never written out).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(restBaseURL, forKey: .restBaseURL)
            try c.encode(fieldMapping, forKey: .fieldMapping)
            try c.encode(trackBatchMode, forKey: .trackBatchMode)
            try c.encode(clearableFields.sorted(), forKey: .clearableFields)
            try c.encode(listLookbackDays, forKey: .listLookbackDays)
            try c.encodeIfPresent(listStartDate, forKey: .listStartDate)
            try c.encode(listWindowDays, forKey: .listWindowDays)
            try c.encode(listPageSize, forKey: .listPageSize)
            try c.encode(sweepIntervalSeconds, forKey: .sweepIntervalSeconds)
            try c.encode(sweepBatchSize, forKey: .sweepBatchSize)
            try c.encode(subscriptionGroups, forKey: .subscriptionGroups)
            try c.encode(pushEvents, forKey: .pushEvents)
            try c.encode(blocklistHardBounces, forKey: .blocklistHardBounces)
            try c.encodeIfPresent(suppressionAttribute, forKey: .suppressionAttribute)
            try c.encode(maxAttributeBytes, forKey: .maxAttributeBytes)
            try c.encodeIfPresent(segmentExport, forKey: .segmentExport)
        }
    }
}
