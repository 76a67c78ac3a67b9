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
        if let key = asciiKey(raw) { return key }
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

    /// The matching key of a valid, printable-ASCII address without surrounding white space (the usual case), in one
    /// pass over its bytes; `nil` for anything else, which `normalize` then checks character by character (same rules).
    private static func asciiKey(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return nil }
        var at: Int?
        for (index, byte) in bytes.enumerated() {
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "<"), byte != UInt8(ascii: ">"),
                  byte != UInt8(ascii: ","), byte != UInt8(ascii: ";") else { return nil }
            if byte == UInt8(ascii: "@") {
                guard at == nil else { return nil }
                at = index
            } else if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                bytes[index] = byte + 32
            }
        }
        guard let at, at > 0, at <= 64 else { return nil }
        var labels = 0
        var labelStart = at + 1
        for index in (at + 1)...bytes.count {
            guard index == bytes.count || bytes[index] == UInt8(ascii: ".") else {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else { return nil }
                continue
            }
            let length = index - labelStart
            guard length > 0, length <= 63, bytes[labelStart] != UInt8(ascii: "-"), bytes[index - 1] != UInt8(ascii: "-")
            else { return nil }
            labels += 1
            labelStart = index + 1
        }
        guard labels >= 2 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
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
