import Logging
import ServiceLifecycle

/// Talks to systemd for the daemon's lifetime: `READY=1` when it starts (put it last in the `ServiceGroup`, after
/// the store is open and the other services were started), `WATCHDOG=1` every half `WATCHDOG_USEC`, `STATUS=` with
/// a short summary, and `STOPPING=1` as soon as graceful shutdown begins (it is the first service to stop).
public struct SystemdService: Service {
    private let notifier: SystemdNotifier
    private let statusInterval: Duration
    private let status: @Sendable () async -> String
    private let logger: Logger

    /// - Parameters:
    ///   - statusInterval: how often to refresh `STATUS=` when there is no watchdog (default 30 s).
    ///   - status: the one-line summary sent as `STATUS=`.
    public init(
        notifier: SystemdNotifier, statusInterval: Duration = .seconds(30), logger: Logger,
        status: @escaping @Sendable () async -> String
    ) {
        self.notifier = notifier
        self.statusInterval = statusInterval
        self.status = status
        self.logger = logger
    }

    /// Sends `READY=1`, then keeps the watchdog fed until graceful shutdown, then sends `STOPPING=1`.
    public func run() async throws {
        notifier.send("READY=1\nSTATUS=\(await status())")
        logger.info("ready", metadata: ["watchdog": "\(notifier.watchdogInterval.map { "\($0)" } ?? "off")"])
        let interval = notifier.watchdogInterval ?? statusInterval
        let watchdog = notifier.watchdogInterval != nil
        let notifier = notifier
        let status = status
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                let line = await status()
                notifier.send(watchdog ? "WATCHDOG=1\nSTATUS=\(line)" : "STATUS=\(line)")
            }
        }
        notifier.send("STOPPING=1\nSTATUS=stopping")
        logger.info("stopping")
    }
}
