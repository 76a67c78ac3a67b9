import ServiceLifecycle
import SyncEngine

/// The engine hooks the daemon installs, so that in-flight work ends on a transaction boundary once graceful
/// shutdown has begun: a pull stops right after a page committed (the checkpoint throws), and a drain starts no new
/// push batch and returns once the batches in flight have committed their outcomes (`stopRequested`).
public enum ShutdownCheckpoint {
    /// Thrown at a commit boundary during graceful shutdown; the engine wraps it in `EngineAbort`.
    public struct Stopping: Error, Sendable {}

    /// Use as `EngineEnvironment.checkpoint`; it reads the calling task's graceful-shutdown state.
    ///
    /// Push steps never throw: an abort would cancel the other batches in flight, whereas `stopRequested` lets
    /// them commit.
    /// - Throws: `Stopping` before a pull or after a page commit once shutdown has begun.
    @Sendable
    public static func check(_ step: EngineStep) throws {
        guard step == .afterPageCommit || step == .beforePull else { return }
        if Task.isShuttingDownGracefully { throw Stopping() }
    }

    /// Use as `EngineEnvironment.stopRequested`: whether graceful shutdown has begun for the calling task.
    @Sendable
    public static func stopRequested() -> Bool { Task.isShuttingDownGracefully }

    /// The live environment with this checkpoint and stop.
    public static var environment: EngineEnvironment {
        var environment = EngineEnvironment.live
        environment.checkpoint = check
        environment.stopRequested = stopRequested
        return environment
    }
}
