import Foundation

/// A listening socket that never says a word: connections complete (the kernel queues
/// them) and then nothing is ever said. It stands in for a server that hangs, so a test can
/// show that a client gives up on time.
package final class SilentListener: Sendable {
    /// The TCP port on `127.0.0.1`, or 0 for a Unix socket.
    package let port: Int
    /// The Unix socket's path, or empty for TCP.
    package let path: String
    private let descriptor: Int32

    /// Listens on `127.0.0.1` at a port the kernel picks; with `listening` false, only holds
    /// the port, so that connections to it are refused.
    package init(listening: Bool = true) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && (!listening || listen(descriptor, 16) == 0)
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        path = ""
        guard descriptor >= 0, bound else { throw Self.failure("TCP") }
    }

    /// Listens on a Unix socket at `path` (a D-Bus address `unix:path=PATH`).
    package init(unixPath: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(unixPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw MockBusError(message: "socket path too long: \(unixPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                    && listen(descriptor, 16) == 0
            }
        }
        port = 0
        path = unixPath
        guard descriptor >= 0, bound else { throw Self.failure(unixPath) }
    }

    deinit {
        close(descriptor)
        if !path.isEmpty { unlink(path) }
    }

    private static func failure(_ what: String) -> MockBusError {
        MockBusError(message: "cannot listen on \(what): \(String(cString: strerror(errno)))")
    }
}
