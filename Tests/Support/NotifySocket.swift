import Foundation

/// The test's end of systemd's notification socket: an `AF_UNIX` datagram socket bound at an
/// abstract name (`NOTIFY_SOCKET=@name`) or a path, collecting what the daemon sends, one
/// datagram per message.
package final class NotifySocket {
    /// The value for `$NOTIFY_SOCKET`.
    package let address: String
    /// The bound socket.
    package let fd: Int32
    /// Every message received so far, in order.
    package private(set) var received: [String] = []

    /// Binds `path`, or a fresh abstract name when nil.
    package init(path: String? = nil) throws {
        address = path ?? "@musicdiff-test-\(UUID().uuidString)"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let bound = Self.withAddress(address) { bind(fd, $0, $1) }
        guard fd >= 0, bound == 0 else {
            throw MockBusError(message: "cannot bind \(address): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    /// Calls `body` with the `sockaddr_un` of `address` (`@`: the abstract name) and its length.
    package static func withAddress<T>(
        _ address: String,
        _ body: (UnsafePointer<sockaddr>, socklen_t) -> T
    ) -> T {
        var name = sockaddr_un()
        name.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &name.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(
            MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1)
        )
        return withUnsafePointer(to: &name) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// Waits until a message for which `match` holds arrives (or has arrived, from index
    /// `start` on), and returns it; throws with all received when `timeout` passes first.
    @discardableResult
    package func wait(
        for what: String,
        after start: Int? = nil,
        timeout: Duration = .seconds(60),
        _ match: (String) -> Bool
    ) throws -> (message: String, index: Int) {
        let deadline = ContinuousClock.now + timeout
        var index = start ?? 0
        while true {
            while index < received.count {
                defer { index += 1 }
                if match(received[index]) { return (received[index], index) }
            }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                throw MockBusError(message: "no \(what) within \(timeout); received: \(received)")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 60_000))
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { received.append(String(decoding: buffer[..<count], as: UTF8.self)) }
        }
    }
}
