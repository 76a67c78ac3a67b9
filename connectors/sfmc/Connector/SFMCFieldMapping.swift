/// The default mapping of SFMC subscriber profile attributes (by display name) to hub fields.
public enum SFMCFieldMapping {
    /// `First Name` → `first_name`, `Last Name` → `last_name`, `Phone` → `phone`. `EmailAddress` (a Subscriber
    /// property, not an attribute) always maps to `email`.
    public static let defaultTable: [String: String] = [
        "First Name": "first_name", "Last Name": "last_name", "Phone": "phone",
    ]
}
