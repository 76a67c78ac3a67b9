import ConnectorKit

/// Runs `body`, then shuts `transport` down and runs `stop` (a sandbox's), also when `body` throws: its error is
/// rethrown and a shutdown failure after it is ignored. When `body` succeeds, a shutdown failure is thrown and `stop`
/// is not run. Returns what `body` returns.
public func withTeardown<T>(
    of transport: AsyncHTTPClientTransport, stop: () async -> Void = {}, _ body: () async throws -> T
) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        try? await transport.shutdown()
        await stop()
        throw error
    }
    try await transport.shutdown()
    await stop()
    return result
}
