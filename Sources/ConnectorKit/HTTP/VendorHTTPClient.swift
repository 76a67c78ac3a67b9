import Foundation
import Logging

/// The one HTTP client every connector uses: rate limiting, auth, execution, classification, retry, backoff and
/// credential refresh, all in `send`. Connectors describe requests and map payloads; they never sleep or retry.
///
/// One instance per vendor account; share the `HTTPTransport` (one connection pool) between all of them.
///
/// ```swift
/// let client = VendorHTTPClient(
///     vendor: "acme", baseURL: URL(string: "https://api.example.com")!, transport: sharedTransport,
///     auth: StaticBearerAuth(token: key),
///     limits: [RateLimit(name: "burst", limit: 100, per: .seconds(10))],
///     headerReader: acmeHeaderReader, classifier: CustomResponseClassifier { response, _ in
///         response.status == 400 ? .fail(ConnectorError(.badRecord, "invalid contact", httpStatus: 400)) : nil
///     })
/// let response = try await client.send(
///     try .json(.post, "/v1/contacts/search", body: query, operation: "contacts.search"))
/// let page = try response.decode(SearchPage.self)
/// ```
public final class VendorHTTPClient: Sendable {
    /// The vendor name used in logs, errors and metrics (e.g. `"acme"`).
    public let vendor: String
    /// The base every relative `VendorRequest.path` is appended to.
    public let baseURL: URL
    /// The limiter shared by all requests of this client (exposed for metrics).
    public let rateLimiter: RateLimiter

    let transport: any HTTPTransport
    let auth: (any AuthProvider)?
    let headerReader: RateLimitHeaderReader
    let classifier: any ResponseClassifier
    let retry: RetryPolicy
    let logger: Logger
    let clock: EpochClock
    let random: RandomSource
    let configuration: Configuration
    let counters = Locked(HTTPClientStats())

    /// - Parameters:
    ///   - vendor: the vendor name for logs, errors and metrics.
    ///   - baseURL: e.g. `https://api.example.com`; requests with an absolute URL ignore it.
    ///   - transport: how bytes travel (`AsyncHTTPClientTransport`, or a fixture transport in tests).
    ///   - auth: puts credentials on requests with `requiresAuth`; `nil` for none.
    ///   - limits: the vendor's documented limits (see `RateLimit`).
    ///   - headerReader: reads the vendor's rate-limit headers.
    ///   - classifier: the connector's response classification (default: HTTP status only).
    ///   - retry: attempts and backoff.
    ///   - logger: receives one debug line per attempt and a notice per retry; paths are redacted.
    ///   - clock: time in UTC epoch ms and sleeping (inject in tests).
    ///   - random: the jitter source (inject in tests).
    ///   - configuration: timeouts and headers.
    public init(
        vendor: String,
        baseURL: URL,
        transport: any HTTPTransport,
        auth: (any AuthProvider)? = nil,
        limits: [RateLimit] = [],
        headerReader: RateLimitHeaderReader = .none,
        classifier: any ResponseClassifier = DefaultResponseClassifier(),
        retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "vendorsync.http"),
        clock: EpochClock = .system,
        random: RandomSource = .system,
        configuration: Configuration = Configuration()
    ) {
        self.vendor = vendor
        self.baseURL = baseURL
        self.transport = transport
        self.auth = auth
        self.rateLimiter = RateLimiter(limits: limits, clock: clock)
        self.headerReader = headerReader
        self.classifier = classifier
        self.retry = retry
        var logger = logger
        logger[metadataKey: "vendor"] = .string(vendor)
        self.logger = logger
        self.clock = clock
        self.random = random
        self.configuration = configuration
    }

    /// Counters since creation.
    public var stats: HTTPClientStats { counters.current }

    /// Sends `request`: waits for its rate limits, authorizes, executes, classifies, and retries, backs off or
    /// refreshes credentials as the classification says, until success or give-up.
    ///
    /// - Returns: the response classified `.success` (usually 2xx; the connector still checks per-item errors).
    /// - Throws: `ConnectorError` only, with `vendor`, `operation` and `httpStatus` filled in:
    ///   `.transient`/`.rateLimited` with `.retryLater(afterMs:)` when retries ran out or a vendor-hinted wait is
    ///   longer than `RetryPolicy.maxHintedWaitMs` (the message names what was tried, `METHOD host[:port]/path`
    ///   without the query, and the last attempt's cause, e.g. `connection refused (errno 111)` or `HTTP 503`); `.authentication` after a 401 that one refresh did not cure;
    ///   `.cancelled` when the task was cancelled; `.configuration` for a bad URL or a transport-specific error
    ///   (e.g. `FixtureError`, kept as `underlying`); whatever the classifier chose otherwise.
    public func send(_ request: VendorRequest) async throws -> VendorResponse {
        counters.withLock { $0.sends += 1 }
        do {
            return try await run(request)
        } catch {
            counters.withLock { $0.failures += 1 }
            let failure = normalize(error).withContext(vendor: vendor, operation: request.operation)
            logger.notice(
                "vendor request failed",
                metadata: ["operation": .string(request.operation), "error": .string(failure.description)]
            )
            throw failure
        }
    }

    func normalize(_ error: any Error) -> ConnectorError {
        switch error {
        case let error as ConnectorError:
            return error
        case is CancellationError:
            return ConnectorError(.cancelled, "cancelled")
        case let error as TransportError:
            return ConnectorError(.transient, "transport failure: \(error.code)", underlying: error)
        default:
            return ConnectorError(.configuration, "transport failed: \(type(of: error))", underlying: error)
        }
    }
}
