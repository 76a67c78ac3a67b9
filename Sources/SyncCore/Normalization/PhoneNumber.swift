/// Phone normalisation to E.164 (`+` then 8 to 15 digits, first digit not 0).
public enum PhoneNumber {
    /// Normalises `raw` to E.164.
    ///
    /// Spaces, dots, dashes and parentheses are dropped; a leading `00` becomes `+`. A number without a country code
    /// gets `defaultCountryCode` (digits only, e.g. `"1"`) when one is given.
    /// - Throws: `NormalizationError` (field `phone`) when the result is not 8 to 15 digits after `+`, or when the
    ///   number has no country code and no default is given.
    public static func normalize(_ raw: String, defaultCountryCode: String? = nil) throws -> String {
        var digits = ""
        var hasPlus = false
        for (index, character) in raw.trimmingWhitespace().enumerated() {
            switch character {
            case "+" where index == 0: hasPlus = true
            case "0"..."9": digits.append(character)
            case " ", "-", ".", "(", ")": continue
            default: throw NormalizationError(field: "phone", reason: "unexpected character in number")
            }
        }
        if !hasPlus {
            if digits.hasPrefix("00") {
                digits.removeFirst(2)
            } else if let code = defaultCountryCode {
                digits = code + (digits.hasPrefix("0") ? String(digits.dropFirst()) : digits)
            } else {
                throw NormalizationError(field: "phone", reason: "no country code")
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else {
            throw NormalizationError(field: "phone", reason: "not an E.164 number (8 to 15 digits)")
        }
        return "+" + digits
    }
}
