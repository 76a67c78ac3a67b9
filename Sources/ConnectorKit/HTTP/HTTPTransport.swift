/// Sends one resolved request and returns the complete response. No retries, no auth, no rate limiting.
///
/// Implementations: `AsyncHTTPClientTransport` (network), `FixtureReplayTransport` (tests),
/// `FixtureRecordingTransport` (wraps another and records).
public protocol HTTPTransport: Sendable {
    /// Executes `request`, giving up after `timeout` (whole request, connect to last body byte).
    ///
    /// - Returns: the response, whatever its status (a 500 is a response, not an error).
    /// - Throws: `TransportError` for network failures (timeout, refused, reset); `CancellationError` when the
    ///   task is cancelled; a fixture transport throws `FixtureError`.
    func execute(_ request: TransportRequest, timeout: Duration) async throws -> VendorResponse
}
