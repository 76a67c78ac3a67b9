/// A configured change to a connector's declared rate limits (`RateLimit`), for an account whose vendor raised
/// them, or a local sandbox that enforces none (`vendorsync sandbox --rate-limits off`).
///
/// In the configuration file: `vendors.<vendor>.rateLimits: off` (every declared limit off), or a mapping from the
/// connector's limit names to `off` or `{ limit: 2500, perSeconds: 60 }`. The names are the connector's
/// (`connectors/<vendor>/README.md`); an unknown name is an error, so a typo never silently keeps the default.
///
/// - Important: the vendor still enforces its real limits; raising one above what the account really has only
///   trades client-side waits for 429 responses (which the `VendorHTTPClient` also honours).
public enum RateLimitOverride: Sendable, Equatable {
    /// Every declared limit is off.
    case allOff
    /// Per limit name: `nil` = off, else the replacement count and window.
    case limits([String: Setting?])

    /// One limit's replacement.
    public struct Setting: Sendable, Equatable {
        /// Requests allowed per window, ≥ 1.
        public var limit: Int
        /// The window length.
        public var per: Duration

        /// A replacement of `limit` requests per `per`.
        public init(limit: Int, per: Duration) {
            self.limit = limit
            self.per = per
        }
    }

    /// The limits after this override: removed (off) or replaced in count and window; scope, name and reserve
    /// (at most the new limit − 1) are kept.
    /// - Throws: `ConnectorError(.configuration)` naming an unknown limit (with the declared names), or a
    ///   replacement with a count below 1 or a window that is not positive.
    public func applied(to declared: [RateLimit], vendor: String) throws -> [RateLimit] {
        switch self {
        case .allOff:
            return []
        case .limits(let settings):
            let names = Set(declared.map(\.name))
            for name in settings.keys.sorted() where !names.contains(name) {
                throw ConnectorError(
                    .configuration,
                    "rateLimits.\(name): not a declared limit (declared: \(names.sorted().joined(separator: ", ")))",
                    vendor: vendor)
            }
            return try declared.compactMap { limit in
                guard let entry = settings[limit.name] else { return limit }
                guard let setting = entry else { return nil }
                guard setting.limit >= 1, setting.per > .zero else {
                    throw ConnectorError(
                        .configuration, "rateLimits.\(limit.name): limit must be ≥ 1 and the window positive",
                        vendor: vendor)
                }
                return RateLimit(
                    name: limit.name, limit: setting.limit, per: setting.per, appliesTo: limit.appliesTo,
                    reserve: min(limit.reserve, setting.limit - 1))
            }
        }
    }
}

/// A connector whose `VendorHTTPClient` takes a `RateLimitOverride` from the configuration.
public protocol RateLimitOverridable: Sendable {
    /// The connector's HTTP client (its rate limiter is replaced by `VendorHTTPClient.override(_:)`).
    var httpClient: VendorHTTPClient { get }
}

extension VendorHTTPClient {
    /// Replaces the client's declared limits by `override` applied to them; call before the first request (the
    /// rolling windows start empty again).
    /// - Throws: `ConnectorError(.configuration)` from `RateLimitOverride.applied(to:vendor:)`.
    public func override(_ override: RateLimitOverride) async throws {
        let limits = try override.applied(to: await rateLimiter.limits, vendor: vendor)
        await rateLimiter.replaceLimits(limits)
    }
}
