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
            Exit status 78 for a configuration error, 64 without --config, 1 for a runtime failure.
            """
    )

    @Option(help: "The configuration file (YAML); the daemon takes its vendors, streams and intervals from it.")
    var config: String

    @Option(help: "The SQLite database file (created with mode 0600). Default: the config's `database`, else ./vendorsync.sqlite.")
    var db: String?

    @Option(help: "Listener address HOST:PORT. Default: the config's daemon.listen, else 127.0.0.1:9465.")
    var listen: String?

    func run() async throws {
        let config: AppConfig
        do {
            config = try loadConfig(self.config)
        } catch {
            throw fail("\(error)")
        }
        let logger = Logging.bootstrap(level: config.logLevel)
        let database = db ?? config.database ?? "./vendorsync.sqlite"
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
