import Foundation

/// One loaded `NNN.request.json` + `NNN.response.json` pair and the rules to match a live request against it.
struct RecordedExchange: Sendable {
    enum BodyExpectation: Sendable, Hashable {
        case none
        case json(Data)  // canonical: sorted keys
        case text(String)
        case binary(Data)
        case ignored
    }

    let number: String
    let method: String
    let path: String
    let query: [String]  // sorted "name=value", secrets redacted
    let body: BodyExpectation
    let response: VendorResponse

    init(number: String, request: [String: Any], response: [String: Any]) throws {
        self.number = number
        guard let method = request["method"] as? String, let path = request["path"] as? String else {
            throw FixtureError(.unreadableFixture, "\(number).request.json needs \"method\" and \"path\"")
        }
        self.method = method.uppercased()
        self.path = path
        let items = (request["query"] as? [[String: String]] ?? []).map {
            URLQueryItem(name: $0["name"] ?? "", value: $0["value"])
        }
        self.query = Self.canonical(items, redactor: .default)
        if request["ignoreBody"] as? Bool == true {
            body = .ignored
        } else if let json = request["body"] {
            body = .json(
                try JSONSerialization.data(
                    withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]))
        } else if let text = request["bodyText"] as? String {
            body = .text(text)
        } else if request["bodyBase64"] != nil {
            body = .binary(try FixtureFormat.decodeBody(request))
        } else {
            body = .none
        }
        guard let status = response["status"] as? Int else {
            throw FixtureError(.unreadableFixture, "\(number).response.json needs an integer \"status\"")
        }
        self.response = VendorResponse(
            status: status, headers: FixtureFormat.decodeHeaders(response["headers"]),
            body: try FixtureFormat.decodeBody(response)
        )
    }

    /// `nil` if `request` matches; else what differs (redacted).
    func mismatch(_ request: TransportRequest, redactor: Redactor) -> String? {
        let (path, items) = FixtureFormat.pathAndQuery(of: request.url)
        if request.method.rawValue != method { return "method: expected \(method), got \(request.method.rawValue)" }
        if path != self.path {
            return "path: expected \(redactor.redact(text: self.path)), got \(redactor.redact(text: path))"
        }
        let query = Self.canonical(items, redactor: redactor)
        if query != self.query {
            return
                "query: expected \(redactor.redact(text: self.query.description)), "
                + "got \(redactor.redact(text: query.description))"
        }
        return bodyMismatch(request.body ?? Data(), redactor: redactor)
    }

    private func bodyMismatch(_ live: Data, redactor: Redactor) -> String? {
        switch body {
        case .ignored:
            return nil
        case .none:
            return live.isEmpty ? nil : "body: expected none, got \(live.count) bytes"
        case .binary(let expected):
            return live == expected ? nil : "body: binary bodies differ"
        case .text(let expected):
            let text = String(decoding: live, as: UTF8.self)
            return redactor.redact(text: text, emails: .keep) == expected
                ? nil : "body: text differs: got \(excerpt(redactor.redact(text: text)))"
        case .json(let expected):
            guard let json = try? JSONSerialization.jsonObject(with: live, options: [.fragmentsAllowed]),
                let canonical = try? JSONSerialization.data(
                    withJSONObject: redactor.redact(jsonObject: json, emails: .keep),
                    options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
                )
            else { return "body: expected JSON, got \(live.count) bytes that are not JSON" }
            if canonical == expected { return nil }
            let got = redactor.redact(text: String(decoding: canonical, as: UTF8.self))
            let want = redactor.redact(text: String(decoding: expected, as: UTF8.self))
            return "body: JSON differs: expected \(excerpt(want)), got \(excerpt(got))"
        }
    }

    private func excerpt(_ text: String) -> String {
        text.count <= 400 ? text : String(text.prefix(400)) + "…"
    }

    static func canonical(_ items: [URLQueryItem], redactor: Redactor) -> [String] {
        items.map { item in
            let value = redactor.secretKeys.contains(item.name.lowercased()) ? Redactor.replacement : (item.value ?? "")
            return "\(item.name)=\(value)"
        }.sorted()
    }
}
