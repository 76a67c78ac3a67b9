import Foundation
import Logging

/// Removes secrets and personal data from text, headers and bodies before they reach logs, errors or fixtures.
///
/// Secrets (always replaced by `REDACTED`): `Bearer`/`Basic` credentials, the values of secret keys in JSON
/// (`"client_secret": "…"`), form or query strings (`refresh_token=…`) and XML elements (`<client_secret>…<`),
/// and secret headers (`Authorization`, `Cookie`, `X-Api-Key`, any name containing `token`, `secret`, `api-key`,
/// `apikey` or `password`). Emails are kept, masked (`jane.doe@example.com` → `j***@example.com`) or removed
/// (`[email]`) as asked.
public struct Redactor: Sendable {
    /// What to do with email addresses.
    public enum EmailHandling: Sendable, Hashable {
        /// Leave them (fixtures of fake sandbox data).
        case keep
        /// `j***@example.com` (debug output, logs).
        case mask
        /// `[email]` (short descriptions).
        case remove
    }

    /// The replacement for every secret.
    public static let replacement = "REDACTED"
    /// The default secret keys and headers.
    public static let `default` = Redactor()

    /// Lower-cased keys whose values are secrets in JSON, form/query strings and XML.
    public let secretKeys: Set<String>
    /// Lower-cased header names that are secrets (in addition to names containing a secret word).
    public let secretHeaders: Set<String>
    let patterns: RedactionPatterns

    /// - Parameters:
    ///   - additionalSecretKeys: vendor-specific secret keys or XML elements (e.g. a SOAP token element).
    ///   - additionalSecretHeaders: vendor-specific secret header names.
    public init(additionalSecretKeys: [String] = [], additionalSecretHeaders: [String] = []) {
        let keys: Set<String> = [
            "access_token", "refresh_token", "id_token", "client_secret", "client_assertion", "api_key", "apikey",
            "api-key", "password", "secret", "token", "authorization", "private_key", "code_verifier",
        ]
        secretKeys = keys.union(additionalSecretKeys.map { $0.lowercased() })
        secretHeaders = Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"])
            .union(additionalSecretHeaders.map { $0.lowercased() })
        patterns = RedactionPatterns(secretKeys: secretKeys)
    }

    /// Whether a header with this name carries a secret.
    public func isSecretHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if secretHeaders.contains(lowered) { return true }
        return ["token", "secret", "api-key", "apikey", "password"].contains { lowered.contains($0) }
    }

    /// `headers` with every secret header's value replaced by `REDACTED`.
    public func redact(headers: VendorHeaders) -> VendorHeaders {
        VendorHeaders(headers.map { ($0.name, isSecretHeader($0.name) ? Self.replacement : $0.value) })
    }

    /// `text` with secrets replaced and emails handled as asked.
    public func redact(text: String, emails: EmailHandling = .mask) -> String {
        let redacted = patterns.redactSecrets(in: text)
        switch emails {
        case .keep: return redacted
        case .mask: return patterns.replaceEmails(in: redacted) { maskEmail($0) }
        case .remove: return patterns.replaceEmails(in: redacted) { _ in "[email]" }
        }
    }

    /// `jane.doe@example.com` → `j***@example.com`: first character of the local part, the domain kept.
    public func maskEmail(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "***" }
        let local = email[..<at]
        let domain = email[email.index(after: at)...]
        return "\(local.first.map(String.init) ?? "")***@\(domain)"
    }

    /// A stable, short (16 hex digits) correlation id for an email: FNV-1a 64 of the trimmed, lower-cased address.
    /// Non-cryptographic (see `FNV1a`); for log correlation only.
    public func emailHash(_ email: String) -> String {
        FNV1a.hex64(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    /// Log metadata for an email: `"j***@example.com #<hash>"`.
    public func logValue(email: String) -> Logger.MetadataValue {
        .string("\(maskEmail(email)) #\(emailHash(email))")
    }
}
