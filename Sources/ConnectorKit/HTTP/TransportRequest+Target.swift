import Foundation

extension TransportRequest {
    /// What was tried, for an error message: `METHOD host[:port]/path`, e.g.
    /// `POST api.hubapi.com/crm/v3/objects/contacts/search`. Never the scheme's credentials or the query string
    /// (which may carry a token); email addresses in the path are masked.
    public var target: String {
        let host = url.host ?? "?"
        let port = url.port.map { ":\($0)" } ?? ""
        let path = Redactor.default.redact(text: url.path, emails: .mask)
        return "\(method.rawValue) \(host)\(port)\(path)"
    }
}
