import ServiceLifecycle
import SyncEngine

/// The engine checkpoint the daemon installs: once graceful shutdown has begun, it stops a pull right after a page
/// committed and a drain right after a batch's outcomes committed, so in-flight work ends on a transaction boundary.
public enum ShutdownCheckpoint {
    /// Thrown at a commit boundary during graceful shutdown; the engine wraps it in `EngineAbort`.
    public struct Stopping: Error, Sendable {}

    /// Use as `EngineEnvironment.checkpoint`; it reads the calling task's graceful-shutdown state.
    /// - Throws: `Stopping` after a page or push commit once shutdown has begun.
    @Sendable
    public static func check(_ step: EngineStep) throws {
        guard step == .afterPageCommit || step == .afterPushCommit || step == .beforePull || step == .beforePush else {
            return
        }
        if Task.isShuttingDownGracefully { throw Stopping() }
    }

    /// The live environment with this checkpoint.
    public static var environment: EngineEnvironment {
        var environment = EngineEnvironment.live
        environment.checkpoint = check
        return environment
    }
}
