/// The canonical field mapping of Braze profiles: hub field name ↔ Braze profile field.
///
/// Standard fields are top-level in `/users/export/ids` users and `/users/track` attribute objects; a Braze name
/// `custom_attributes.<name>` reads `custom_attributes[<name>]` from exports and writes `<name>` at the top level
/// of attribute objects (Braze docs: user attributes object).
public enum BrazeFieldMapping {
    /// The default table: `email`, `first_name`, `last_name`, `phone`, `country` (ISO-3166-1 alpha-2),
    /// `city` → `home_city`, `language` (ISO-639-1).
    public static let defaultTable: [String: String] = [
        "email": "email",
        "first_name": "first_name",
        "last_name": "last_name",
        "phone": "phone",
        "country": "country",
        "city": "home_city",
        "language": "language",
    ]

    /// The prefix that marks a custom attribute in a mapping value.
    static let customPrefix = "custom_attributes."

    /// The attribute name to write in `/users/track` for a mapping value (`custom_attributes.x` → `x`).
    static func trackName(_ brazeField: String) -> String {
        brazeField.hasPrefix(customPrefix) ? String(brazeField.dropFirst(customPrefix.count)) : brazeField
    }

    /// The value of `brazeField` in an exported user: top level, or inside `custom_attributes`.
    static func value(of brazeField: String, in user: BrazeJSON) -> BrazeJSON? {
        if brazeField.hasPrefix(customPrefix) {
            return user["custom_attributes"]?[String(brazeField.dropFirst(customPrefix.count))]
        }
        return user[brazeField]
    }

    /// The standard fields the `profiles` sweep asks `/users/export/ids` for (`fields_to_export`).
    static let exportFields = [
        "external_id", "braze_id", "email", "first_name", "last_name", "phone", "country", "home_city", "language",
        "email_subscribe", "push_subscribe", "created_at", "custom_attributes", "user_aliases",
    ]
}
