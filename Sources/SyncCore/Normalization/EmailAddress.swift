/// Email normalisation used for matching people across vendors.
///
/// The vendor's original spelling is kept as the attribute value; the normalised form (trimmed, lower-cased local
/// part and domain) is only the matching key.
public enum EmailAddress {
    /// The longest address accepted (RFC 5321: 254 characters for a forward path).
    public static let maxLength = 254

    /// Normalises `raw` to its matching key.
    ///
    /// - Throws: `NormalizationError` (field `email`) when the address is empty, longer than 254 characters, or
    ///   not of the form `local@domain.tld` with no spaces.
    public static func normalize(_ raw: String) throws -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw NormalizationError(field: "email", reason: "empty address") }
        guard trimmed.utf8.count <= maxLength else {
            throw NormalizationError(field: "email", reason: "longer than \(maxLength) characters")
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.utf8.count <= 64, isValidDomain(domain),
              !trimmed.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
        else { throw NormalizationError(field: "email", reason: "not a valid address") }
        return trimmed.lowercased()
    }

    /// True when `raw` normalises without error.
    public static func isValid(_ raw: String) -> Bool { (try? normalize(raw)) != nil }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing white space and newlines.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
