import ArgumentParser
import Foundation

/// `vendorsync run`: the daemon, until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run as a daemon: poll every stream, push the outbox, serve health, metrics and webhooks.",
        discussion: """
            One poller per (vendor, stream) on its interval (daemon.intervalSeconds, default 300 s, ±10 % jitter), \
            the outbox drainer, and an HTTP listener with /healthz, /readyz, /metrics (Prometheus) and \
            /webhooks/hubspot (signature v3; secret hubspot-webhook-secret from $CREDENTIALS_DIRECTORY or \
            VENDORSYNC_HUBSPOT_WEBHOOK_SECRET). Under systemd (Type=notify) it sends READY=1, WATCHDOG=1 and \
            STOPPING=1 to $NOTIFY_SOCKET. SIGTERM stops after the page or push batches in flight; exit status 0. \
            Exit status 78 for a configuration error, 1 for a runtime failure.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Listener address HOST:PORT. Default: the config's daemon.listen, else 127.0.0.1:9465.")
    var listen: String?

    func run() async throws {
        let config: AppConfig
        do {
            guard let path = store.config else { throw ConfigError("--config FILE is required") }
            config = try loadConfig(path)
        } catch {
            throw fail("\(error)")
        }
        let logger = Logging.bootstrap(level: config.logLevel)
        let database = store.db ?? config.database ?? "./vendorsync.sqlite"
        do {
            try await DaemonRunner.run(config: config, databasePath: database, secrets: Secrets(), listen: listen, logger: logger) { port in
                logger.notice("listening", metadata: ["port": "\(port)"])
            }
        } catch let error as ConfigError {
            throw fail(error.description)
        } catch {
            throw fail("\(error)", code: 1)
        }
    }
}
