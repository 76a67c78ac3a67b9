/// One entry of the contact property registry.
struct HubSpotPropertyDefinition: Sendable {
    var name: String
    var type: HubSpotPropertyType
    /// Read-only properties are refused on writes (HubSpot computes them).
    var readOnly: Bool
}
