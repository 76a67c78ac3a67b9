import Foundation

/// Wraps another transport and writes every exchange as a fixture pair (see `FixtureFormat`), secrets redacted.
///
/// Switch it on at the call site (e.g. when `RECORD_FIXTURES=1`), pointing at `fixtures/<vendor>/<scenario>/`.
/// Secret headers (`Authorization`, cookies, API keys…) and secret values in bodies and queries (`access_token`,
/// `refresh_token`, `client_secret`, `api_key`…, plus the redactor's extra keys) are written as `REDACTED`.
/// Emails are **not** masked: record only against the sandbox's fake data. Requests that fail in the transport
/// are not recorded. Numbering follows the order requests are started: record sequential scenarios.
public final class FixtureRecordingTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let directory: URL
    private let redactor: Redactor
    private let counter = Locked(0)

    /// - Parameters:
    ///   - inner: the transport that really sends (usually `AsyncHTTPClientTransport` against the sandbox).
    ///   - directory: the scenario directory; created if missing.
    ///   - redactor: what counts as a secret (add vendor-specific keys, e.g. a SOAP token element).
    ///   - clearExisting: delete existing `NNN.request.json`/`NNN.response.json` first (other files are kept).
    /// - Throws: `FixtureError(.writeFailed)` if the directory cannot be prepared.
    public init(
        wrapping inner: any HTTPTransport, directory: URL, redactor: Redactor = .default, clearExisting: Bool = true
    ) throws {
        self.inner = inner
        self.directory = directory
        self.redactor = redactor
        let files = FileManager.default
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            if clearExisting {
                for name in try files.contentsOfDirectory(atPath: directory.path)
                where name.hasSuffix(".request.json") || name.hasSuffix(".response.json") {
                    try files.removeItem(at: directory.appendingPathComponent(name))
                }
            }
        } catch {
            throw FixtureError(.writeFailed, "cannot prepare \(directory.lastPathComponent): \(type(of: error))")
        }
    }

    /// Whether the environment asks for recording: `RECORD_FIXTURES=1`.
    public static func isRequested(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["RECORD_FIXTURES"] == "1"
    }

    /// Sends through the inner transport, then writes the pair.
    /// - Throws: what the inner transport threw; `FixtureError(.writeFailed)` if the files cannot be written.
    public func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        let number = counter.withLock { count -> Int in
            count += 1
            return count
        }
        let response = try await inner.execute(request, timeout: timeout)
        let name = String(format: "%03d", number)
        try write(requestObject(request), to: "\(name).request.json")
        try write(responseObject(response), to: "\(name).response.json")
        return response
    }

    private func requestObject(_ request: TransportRequest) -> [String: Any] {
        let (path, query) = FixtureFormat.pathAndQuery(of: request.url)
        var object: [String: Any] = [
            "method": request.method.rawValue,
            "path": redactor.redact(text: path, emails: .keep),
            "headers": FixtureFormat.encodeHeaders(redactor.redact(headers: request.headers)),
        ]
        if !query.isEmpty {
            object["query"] = query.map { item -> [String: String] in
                let secret = redactor.secretKeys.contains(item.name.lowercased())
                return ["name": item.name, "value": secret ? Redactor.replacement : (item.value ?? "")]
            }
        }
        FixtureFormat.encodeBody(request.body, into: &object, redactor: redactor)
        return object
    }

    private func responseObject(_ response: VendorResponse) -> [String: Any] {
        var object: [String: Any] = [
            "status": response.status,
            "headers": FixtureFormat.encodeHeaders(redactor.redact(headers: response.headers)),
        ]
        FixtureFormat.encodeBody(response.body, into: &object, redactor: redactor)
        return object
    }

    private func write(_ object: [String: Any], to name: String) throws {
        do {
            var data = try JSONSerialization.data(withJSONObject: object, options: FixtureFormat.writeOptions)
            data.append(0x0A)
            try data.write(to: directory.appendingPathComponent(name), options: .atomic)
        } catch {
            throw FixtureError(.writeFailed, "cannot write \(name): \(type(of: error))")
        }
    }
}
