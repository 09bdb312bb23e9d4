import Foundation

/// The test's end of systemd's notification socket: an abstract `AF_UNIX` datagram socket
/// (`NOTIFY_SOCKET=@name`) that collects what the daemon sends, one datagram per message.
final class NotifySocket {
    /// The value for `$NOTIFY_SOCKET`.
    let address: String
    private let fd: Int32
    /// Every message received so far, in order.
    private(set) var received: [String] = []

    init() throws {
        address = "@musicdiff-test-\(UUID().uuidString)"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var name = sockaddr_un()
        name.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        bytes[0] = 0
        withUnsafeMutableBytes(of: &name.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &name) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard fd >= 0, bound == 0 else {
            throw CLIFixture.Failure(message: "cannot bind \(address): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    /// Waits until a message for which `match` holds arrives (or has arrived since the last
    /// wait), and returns it; throws with all received when `timeout` passes first.
    @discardableResult
    func wait(
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
                throw CLIFixture.Failure(message: "no \(what) within \(timeout); received: \(received)")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 60_000))
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { received.append(String(decoding: buffer[..<count], as: UTF8.self)) }
        }
    }

    /// How many messages received so far equal `message`.
    func count(_ message: String) -> Int { received.filter { $0 == message }.count }
}
