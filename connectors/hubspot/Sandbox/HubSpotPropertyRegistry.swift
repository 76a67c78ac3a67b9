/// The contact properties the emulated portal knows; writes naming any other property are a 400.
///
/// Source: HubSpot default contact properties (crm-properties-v3 spec, contacts guide) plus custom properties
/// discovered in the seed.
struct HubSpotPropertyRegistry: Sendable {
    private(set) var definitions: [String: HubSpotPropertyDefinition] = [:]

    static let lifecycleStages = [
        "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
        "evangelist", "other",
    ]

    /// The built-in registry, plus `hs_email_optout_<id>` for each subscription type id.
    init(subscriptionIds: [String]) {
        for name in [
            "firstname", "lastname", "email", "phone", "mobilephone", "city", "state", "country", "zip",
            "address", "company", "jobtitle", "website", "hs_additional_emails", "hs_language",
        ] {
            add(HubSpotPropertyDefinition(name: name, type: .string, readOnly: false))
        }
        add(
            HubSpotPropertyDefinition(name: "lifecyclestage", type: .enumeration(Self.lifecycleStages), readOnly: false)
        )
        add(HubSpotPropertyDefinition(name: "hs_object_id", type: .number, readOnly: true))
        add(HubSpotPropertyDefinition(name: "createdate", type: .datetime, readOnly: true))
        add(HubSpotPropertyDefinition(name: "lastmodifieddate", type: .datetime, readOnly: true))
        add(HubSpotPropertyDefinition(name: "hs_merged_object_ids", type: .string, readOnly: true))
        add(HubSpotPropertyDefinition(name: "hs_email_optout", type: .bool, readOnly: true))
        for id in subscriptionIds {
            add(HubSpotPropertyDefinition(name: "hs_email_optout_\(id)", type: .bool, readOnly: true))
        }
    }

    mutating func add(_ definition: HubSpotPropertyDefinition) {
        definitions[definition.name] = definition
    }

    /// True when `name` is a known property (default or custom).
    func knows(_ name: String) -> Bool { definitions[name] != nil }

    /// Registers `name` as a writable custom text property unless already known.
    mutating func addCustomIfUnknown(_ name: String) {
        if definitions[name] == nil { add(HubSpotPropertyDefinition(name: name, type: .string, readOnly: false)) }
    }

    func type(of name: String) -> HubSpotPropertyType {
        definitions[name]?.type ?? .string
    }

    /// Why a write of `value` to `name` is refused, or `nil` when it is acceptable.
    func writeProblem(name: String, value: String) -> HubSpotWriteProblem? {
        guard let definition = definitions[name] else { return .unknownProperty(name) }
        if definition.readOnly { return .readOnly(name) }
        if name == "email", !value.isEmpty, !Self.isPlausibleEmail(value) { return .invalidEmail(value) }
        if case .enumeration(let options) = definition.type, !value.isEmpty, !options.contains(value) {
            return .invalidOption(name: name, value: value)
        }
        return nil
    }

    static func isPlausibleEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !value.contains(" ")
    }
}
