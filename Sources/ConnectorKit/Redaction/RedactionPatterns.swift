import Foundation

/// The compiled expressions behind `Redactor` (`NSRegularExpression` is thread-safe).
struct RedactionPatterns: @unchecked Sendable {
    private let credential: NSRegularExpression
    private let jsonValue: NSRegularExpression
    private let formValue: NSRegularExpression
    private let xmlValue: NSRegularExpression
    private let email: NSRegularExpression

    init(secretKeys: Set<String>) {
        let keys = secretKeys.sorted().map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        func compile(_ pattern: String) -> NSRegularExpression {
            // The patterns are constants plus escaped keys: failing to compile is a programming error.
            try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        }
        credential = compile(#"\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*"#)
        jsonValue = compile(#"("(?:"# + keys + #")"\s*:\s*)"(?:[^"\\]|\\.)*""#)
        formValue = compile(#"(^|[^A-Za-z0-9_\-])("# + keys + #")=[^&\s"'<>]*"#)
        xmlValue = compile(#"(<(?:[A-Za-z0-9_]+:)?(?:"# + keys + #")(?:\s[^>]*)?>)[^<]*"#)
        email = compile(#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#)
    }

    func redactSecrets(in text: String) -> String {
        var result = text
        result = replace(credential, in: result, template: "$1 \(Redactor.replacement)")
        result = replace(jsonValue, in: result, template: "$1\"\(Redactor.replacement)\"")
        result = replace(formValue, in: result, template: "$1$2=\(Redactor.replacement)")
        result = replace(xmlValue, in: result, template: "$1\(Redactor.replacement)")
        return result
    }

    func replaceEmails(in text: String, with transform: (String) -> String) -> String {
        let ns = text as NSString
        let matches = email.matches(in: text, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return text }
        var result = ""
        var cursor = 0
        for match in matches {
            result += ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            result += transform(ns.substring(with: match.range))
            cursor = match.range.location + match.range.length
        }
        result += ns.substring(from: cursor)
        return result
    }

    private func replace(_ regex: NSRegularExpression, in text: String, template: String) -> String {
        let range = NSRange(location: 0, length: (text as NSString).length)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
