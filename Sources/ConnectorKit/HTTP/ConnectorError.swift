/// The one error type a connector and the shared HTTP layer throw across module boundaries.
///
/// It says *how to recover* (`recovery`) and carries context for logs and metrics (`vendor`, `operation`,
/// `httpStatus`, `vendorCategory`). Metrics should label by `code`.
///
/// - Important: `description` is short and never carries a secret or an email address (emails are replaced by
///   `[email]`, secrets by `REDACTED`). `debugDescription` adds the redacted details (emails masked, with a
///   non-cryptographic hash for correlation).
public struct ConnectorError: Error, Sendable {
    /// What went wrong, coarsely; the label metrics use.
    public var code: Code
    /// What the caller (the engine) should do about it.
    public var recovery: Recovery
    /// A short human message. Redacted again when printed; still, never put secrets or response bodies here.
    public var message: String
    /// The vendor name as given to the `VendorHTTPClient` (for example `"acme"`), if known.
    public var vendor: String?
    /// The operation the connector named in `VendorRequest.operation` (for example `"contacts.search"`).
    public var operation: String?
    /// The HTTP status of the last response, if a response was received.
    public var httpStatus: Int?
    /// The vendor's own error category (for example a `category` or `errorcode` field of the error body), if the
    /// connector parsed it.
    public var vendorCategory: String?
    /// Longer detail, shown only (redacted) in `debugDescription`. May hold an excerpt of an error body.
    public var details: String?
    /// The error that caused this one, if any (transport error, decoding error, ...). Shown redacted in
    /// `debugDescription`.
    public var underlying: (any Error)?

    /// Creates an error; `recovery` defaults to `code.defaultRecovery`.
    public init(
        _ code: Code,
        _ message: String,
        recovery: Recovery? = nil,
        vendor: String? = nil,
        operation: String? = nil,
        httpStatus: Int? = nil,
        vendorCategory: String? = nil,
        details: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.recovery = recovery ?? code.defaultRecovery
        self.vendor = vendor
        self.operation = operation
        self.httpStatus = httpStatus
        self.vendorCategory = vendorCategory
        self.details = details
        self.underlying = underlying
    }

    /// Returns a copy with the context fields that are still `nil` filled in.
    public func withContext(vendor: String?, operation: String?, httpStatus: Int? = nil) -> ConnectorError {
        var copy = self
        copy.vendor = copy.vendor ?? vendor
        copy.operation = copy.operation ?? operation
        copy.httpStatus = copy.httpStatus ?? httpStatus
        return copy
    }
}

extension ConnectorError: CustomStringConvertible, CustomDebugStringConvertible {
    /// `ConnectorError(<code>, vendor: v, operation: o, status: s): <message>`, emails removed, secrets redacted.
    public var description: String {
        var context: [String] = []
        if let vendor { context.append("vendor: \(vendor)") }
        if let operation { context.append("operation: \(operation)") }
        if let httpStatus { context.append("status: \(httpStatus)") }
        if let vendorCategory { context.append("category: \(vendorCategory)") }
        let head = ([code.description] + context).joined(separator: ", ")
        let redactor = Redactor.default
        return redactor.redact(text: "ConnectorError(\(head)): \(message)", emails: .remove)
    }

    /// `description` plus recovery, details and the underlying error, all redacted (emails masked and hashed).
    public var debugDescription: String {
        let redactor = Redactor.default
        var parts = [description, "recovery: \(recovery)"]
        if let details { parts.append("details: \(redactor.redact(text: details, emails: .mask))") }
        if let underlying {
            parts.append("underlying: \(redactor.redact(text: String(describing: underlying), emails: .mask))")
        }
        return parts.joined(separator: "; ")
    }
}
