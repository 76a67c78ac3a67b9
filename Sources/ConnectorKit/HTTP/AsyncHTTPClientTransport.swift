import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The network transport: one `HTTPClient` (one connection pool per host) shared by every vendor client.
///
/// - Important: call `shutdown()` once when the process is done with it (AsyncHTTPClient requires it).
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// Pool and timeout settings.
    public struct Configuration: Sendable {
        /// TCP + TLS connect timeout. Default 10 s.
        public var connectTimeout: Duration
        /// How long an idle pooled connection is kept. Default 60 s.
        public var idleTimeout: Duration
        /// Concurrent HTTP/1.1 connections per host (soft limit). Default 8.
        public var maxConnectionsPerHost: Int
        /// The largest response body accepted, bytes; larger ones fail `TransportError.responseTooLarge`.
        /// Default 64 MiB.
        public var maxBodyBytes: Int

        public init(
            connectTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
            maxConnectionsPerHost: Int = 8, maxBodyBytes: Int = 64 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.idleTimeout = idleTimeout
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxBodyBytes = maxBodyBytes
        }
    }

    private let client: HTTPClient
    private let maxBodyBytes: Int
    private let shutDown = Locked(false)

    /// Creates the transport and its `HTTPClient` on the shared NIO event loop group. Redirects are not followed.
    public init(configuration: Configuration = Configuration()) {
        var config = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout)),
            connectionPool: .init(
                idleTimeout: TimeAmount(configuration.idleTimeout),
                concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxConnectionsPerHost
            )
        )
        config.decompression = .enabled(limit: .size(configuration.maxBodyBytes))
        // A refused connection surfaces at once as `.connectFailed`; `VendorHTTPClient` owns retrying.
        config.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.maxBodyBytes = configuration.maxBodyBytes
    }

    /// Sends the request and collects the whole body.
    /// - Throws: `TransportError` (`.connectFailed`, `.timedOut`, `.connectionLost`, `.invalidRequest`,
    ///   `.responseTooLarge`, `.shutDown`, `.other`) or `CancellationError`.
    public func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        do {
            let response = try await client.execute(outgoing, timeout: TimeAmount(timeout))
            let buffer = try await response.body.collect(upTo: maxBodyBytes)
            var headers = VendorHeaders()
            for (name, value) in response.headers { headers.add(name: name, value: value) }
            return VendorResponse(
                status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
        } catch {
            throw Self.map(error)
        }
    }

    /// Shuts the `HTTPClient` down; later requests fail with `TransportError.shutDown`.
    public func shutdown() async throws {
        guard shutDown.withLock({ done in defer { done = true }; return !done }) else { return }
        try await client.shutdown()
    }

    /// A transport dropped without `shutdown()` (an error path, a test's early exit) shuts its client down in the
    /// background instead of tripping AsyncHTTPClient's deinit check; the callback keeps the client alive until done.
    deinit {
        guard shutDown.withLock({ $0 == false }) else { return }
        let client = client
        client.shutdown(queue: .global()) { _ in _ = client }
    }

    static func map(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout:
                return TransportError(.connectFailed, "connect timeout")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return TransportError(.timedOut, "request timed out")
            case .remoteConnectionClosed:
                return TransportError(.connectionLost, "remote closed the connection")
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError(.invalidRequest, "invalid URL")
            case .alreadyShutdown:
                return TransportError(.shutDown, "transport is shut down")
            case .cancelled:
                return CancellationError()
            default:
                return TransportError(.other, "HTTP client error: \(error.shortDescription)")
            }
        }
        if error is NIOTooManyBytesError { return TransportError(.responseTooLarge, "response body too large") }
        if let error = error as? IOError {
            let refused = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
            return TransportError(refused ? .connectFailed : .connectionLost, socketCause(error.errnoCode))
        }
        if let error = error as? ChannelError {
            if case .connectTimeout = error { return TransportError(.connectFailed, "connect timeout") }
            return TransportError(.connectionLost, "channel error")
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return TransportError(.connectFailed, "DNS lookup failed")
            }
            guard let last = error.connectionErrors.last?.error else { return TransportError(.connectFailed, "connection failed") }
            let cause = map(last) as? TransportError
            return TransportError(.connectFailed, cause?.message ?? "connection failed")
        }
        return TransportError(.other, "transport failure: \(type(of: error))")
    }

    /// The system's text for a socket error, lower-cased (e.g. `connection refused`), with its errno.
    static func socketCause(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return (text.prefix(1).lowercased() + text.dropFirst()) + " (errno \(code))"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
