import Foundation
import Hummingbird

/// A vendor sandbox served by a `SandboxServer` from a router it builds: `start()` and `stop()` come for free, and
/// `addFaultMiddleware(to:responses:)` installs the configured fault injection first in the chain.
public protocol RoutedSandbox: VendorSandbox {
    /// Host, port, rate-limit mode, faults and seed.
    var configuration: SandboxConfiguration { get }
    /// Every injected fault, counted.
    var faultCounters: FaultCounters { get }
    /// The server the router runs on.
    var server: SandboxServer { get }
    /// The vendor's routes and middleware.
    func makeRouter() -> Router<BasicRequestContext>
}

extension RoutedSandbox {
    /// Starts listening; returns the base URL (e.g. `http://127.0.0.1:18081`).
    /// - Throws: the server's bind errors (e.g. the port is taken).
    public func start() async throws -> URL {
        try await server.start(router: makeRouter())
    }

    /// Stops listening; the state is kept.
    public func stop() async {
        await server.stop()
    }

    /// Adds the fault middleware for `configuration.faults` (seeded by `configuration.randomSeed`), answering
    /// injected faults with the vendor's `responses`. Call it before any other middleware.
    public func addFaultMiddleware(to router: Router<BasicRequestContext>, responses: FaultResponses) {
        let injector = FaultInjector(spec: configuration.faults, seed: configuration.randomSeed, counters: faultCounters)
        router.add(middleware: FaultMiddleware(injector: injector, responses: responses))
    }
}
