import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends sd_notify(3) messages (`READY=1`, `WATCHDOG=1`, `STATUS=…`, `STOPPING=1`) as one datagram each to
/// `$NOTIFY_SOCKET`, without libsystemd.
///
/// The socket is a filesystem path or, with a leading `@`, a Linux abstract address. Without `$NOTIFY_SOCKET` (not
/// started by systemd with `Type=notify`) every send is a no-op.
public struct SystemdNotifier: Sendable {
    /// The socket address from `$NOTIFY_SOCKET`, or `nil`.
    public let socketPath: String?
    /// Half of `$WATCHDOG_USEC` (when `$WATCHDOG_PID` is unset or this process): how often to send `WATCHDOG=1`.
    public let watchdogInterval: Duration?

    /// A notifier reading `NOTIFY_SOCKET`, `WATCHDOG_USEC` (µs) and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        let forUs = environment["WATCHDOG_PID"].flatMap(Int32.init).map { $0 == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0 {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `message` (newline-separated `KEY=value` assignments).
    /// - Returns: `false` when there is no socket or the datagram could not be sent (never throws: systemd
    ///   notification is best effort).
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketPath, socketPath.utf8.count < 108 else { return false }
        #if os(Linux)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(socketPath.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let length = socklen_t(pathOffset + bytes.count + (bytes.first == 0 ? 0 : 1))
        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                payload.withUnsafeBytes { buffer in
                    sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
                }
            }
        }
        return sent == payload.count
    }
}
