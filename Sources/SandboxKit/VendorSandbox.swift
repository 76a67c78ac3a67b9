import Foundation

/// A local emulator of one vendor's REST API.
public protocol VendorSandbox: Sendable {
    /// Lower-case vendor name (`hubspot`, `braze`, ...), used in logs and the write log.
    var vendorName: String { get }
    /// Starts listening and returns the base URL once the socket is bound (e.g. `http://127.0.0.1:18081`).
    /// - Throws: when the address cannot be bound or the sandbox is already running.
    func start() async throws -> URL
    /// Stops listening; in-memory state is kept. Safe to call when not running.
    func stop() async
}
