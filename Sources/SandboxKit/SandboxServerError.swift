/// Why a sandbox server could not start.
public enum SandboxServerError: Error, Equatable {
    /// `start` was called twice without `stop`.
    case alreadyRunning
    /// The server task ended before the socket was bound.
    case stoppedBeforeListening
}
