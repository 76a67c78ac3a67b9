import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Unix datagram socket bound at a fresh path, standing in for systemd's `$NOTIFY_SOCKET`.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32

    /// Binds at `path` (a filesystem path, or `@name` for an abstract address).
    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let offset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let length = socklen_t(offset + bytes.count + (bytes.first == 0 ? 0 : 1))
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard result == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    /// A socket at a fresh path in the temporary directory.
    static func temporary() throws -> NotifySocket {
        try NotifySocket(path: "/tmp/vs-notify-\(UUID().uuidString.prefix(8)).sock")
    }

    /// The next datagram, or `nil` after 200 ms without one.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Datagrams until `deadline` or until `stop` returns true for the collected list.
    func collect(until deadline: ContinuousClock.Instant, stop: ([String]) -> Bool) -> [String] {
        var messages: [String] = []
        while ContinuousClock.now < deadline, !stop(messages) {
            if let message = receive() { messages.append(message) }
        }
        return messages
    }

    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }
}
