/// How a contact property's values compare in search filters and sorts.
enum HubSpotPropertyType: Sendable {
    /// Case-insensitive text.
    case string
    /// Integer / decimal.
    case number
    /// Instant: stored ISO-8601, compared as epoch ms (filter values may be epoch-ms strings or ISO).
    case datetime
    /// One of a fixed set of options (case-sensitive).
    case enumeration([String])
    /// `"true"` / `"false"`.
    case bool
}
