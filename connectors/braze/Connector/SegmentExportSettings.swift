extension BrazeConnector {
    /// The `segment` stream: a bulk load of every user of one Braze segment through `POST /users/export/segment`.
    ///
    /// Configured under `segmentExport` (absent: the stream does not exist). Source: Braze docs
    /// `_docs/_api/endpoints/export/user_data/post_users_segment.md`.
    public struct SegmentExport: Codable, Sendable, Equatable {
        /// The segment to export (its API identifier; a segment without filters exports the whole workspace).
        public var segmentId: String
        /// Seconds between the end of one completed load and the next export; `nil` (the default): load once, the
        /// first time only.
        public var intervalSeconds: Int?
        /// Users per page handed to the engine (1...10,000). Default 1,000.
        public var pageSize: Int
        /// How long to keep polling one export's URL before asking Braze for a new export, seconds. Default 21,600
        /// (6 h).
        public var readyTimeoutSeconds: Int
        /// Where a downloaded export ZIP is kept while it is read, page by page; `nil`: the system's temporary
        /// directory. The file is removed once the load completes.
        public var spoolDirectory: String?

        /// - Parameters: see the properties.
        public init(
            segmentId: String, intervalSeconds: Int? = nil, pageSize: Int = 1_000, readyTimeoutSeconds: Int = 21_600,
            spoolDirectory: String? = nil
        ) {
            self.segmentId = segmentId
            self.intervalSeconds = intervalSeconds
            self.pageSize = pageSize
            self.readyTimeoutSeconds = readyTimeoutSeconds
            self.spoolDirectory = spoolDirectory
        }

        private enum CodingKeys: String, CodingKey {
            case segmentId, intervalSeconds, pageSize, readyTimeoutSeconds, spoolDirectory
        }

        /// Decodes the section; every key but `segmentId` is optional.
        /// - Throws: `DecodingError` when `segmentId` is missing or a value has the wrong type.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(segmentId: try c.decode(String.self, forKey: .segmentId))
            intervalSeconds = try c.decodeIfPresent(Int.self, forKey: .intervalSeconds)
            pageSize = try c.decodeIfPresent(Int.self, forKey: .pageSize) ?? pageSize
            readyTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .readyTimeoutSeconds) ?? readyTimeoutSeconds
            spoolDirectory = try c.decodeIfPresent(String.self, forKey: .spoolDirectory)
        }
    }
}
