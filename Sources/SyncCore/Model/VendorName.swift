/// A vendor's name as configured ("hubspot", "braze", "sfmc"); the engine treats it as an opaque label.
///
/// The core never branches on a vendor: everything vendor-specific lives in that vendor's connector.
public struct VendorName: RawRepresentable, Hashable, Comparable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The configured name, lower-case by convention.
    public let rawValue: String

    /// Wraps a configured vendor name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a literal vendor name.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: VendorName, rhs: VendorName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A point in time as milliseconds since 1970-01-01T00:00:00Z (UTC).
public typealias UTCMillis = Int64
