import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Runs one Hummingbird application in the background and reports the URL it actually listens on.
///
/// `start` returns once the socket is bound (so port `0` resolves to the real port); `stop` triggers a graceful
/// shutdown (in-flight requests finish) and waits for it to complete.
public final class SandboxServer: Sendable {
    /// Interface to bind.
    public let host: String
    /// Requested port (`0` = ephemeral).
    public let port: Int
    private let label: String
    private let running = LockedBox<(task: Task<Void, Never>, group: ServiceGroup)?>(nil)

    /// A server for `host:port`; `label` names its logger (e.g. `sandbox.hubspot`).
    public init(host: String, port: Int, label: String) {
        self.host = host
        self.port = port
        self.label = label
    }

    /// Starts serving `router` and returns `http://host:port` once listening.
    /// - Throws: `SandboxServerError.alreadyRunning`, or the bind error.
    public func start(router: Router<BasicRequestContext>) async throws -> URL {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        let (ports, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: label),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let accepted = running.withLock { current -> Bool in
            guard current == nil else { return false }
            current = (task, group)
            return true
        }
        guard accepted else {
            task.cancel()
            throw SandboxServerError.alreadyRunning
        }
        do {
            for try await boundPort in ports {
                guard let url = URL(string: "http://\(host):\(boundPort)") else { break }
                return url
            }
        } catch {
            running.withLock { $0 = nil }
            throw error
        }
        running.withLock { $0 = nil }
        throw SandboxServerError.stoppedBeforeListening
    }

    /// Stops the server if running and waits for it to shut down.
    public func stop() async {
        guard
            let current = running.withLock({ current -> (task: Task<Void, Never>, group: ServiceGroup)? in
                defer { current = nil }
                return current
            })
        else { return }
        await current.group.triggerGracefulShutdown()
        await current.task.value
    }
}
