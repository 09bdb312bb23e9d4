import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells systemd what the daemon does, by the documented `sd_notify` datagram protocol: one
/// `KEY=VALUE` line per field, sent with `sendto(2)` on an `AF_UNIX` datagram socket to
/// `$NOTIFY_SOCKET` (a path, or an abstract name when it starts with `@`). No libsystemd.
///
/// Without `$NOTIFY_SOCKET` nothing is sent; a socket that is gone or refuses a datagram is
/// never an error (the daemon runs the same, under systemd or not).
package final class ServiceNotifier: Sendable {
    /// `$NOTIFY_SOCKET`; nil when the daemon runs outside systemd.
    package let socketPath: String?
    /// Half of `$WATCHDOG_USEC` (when `$WATCHDOG_PID`, if set, is this process): how often
    /// the loop pings; nil without a watchdog.
    package let watchdogEvery: Duration?

    /// A notifier that sends nothing: the daemon outside systemd, and the loop's tests.
    package static let none = ServiceNotifier(socketPath: nil, watchdogEvery: nil)

    /// Creates a notifier sending to `socketPath`, pinging every `watchdogEvery`.
    package init(socketPath: String?, watchdogEvery: Duration?) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
        self.watchdogEvery = watchdogEvery
    }

    /// The notifier systemd's variables in `environment` ask for (`NOTIFY_SOCKET`,
    /// `WATCHDOG_USEC`, `WATCHDOG_PID`) for the process `pid`.
    package convenience init(environment: [String: String], pid: Int32 = getpid()) {
        var every: Duration?
        if environment["NOTIFY_SOCKET"]?.isEmpty == false, let text = environment["WATCHDOG_USEC"],
            let usec = Int64(text), usec > 0,
            environment["WATCHDOG_PID"].map({ Int32($0) == pid }) ?? true
        {
            every = .microseconds(usec / 2)
        }
        self.init(socketPath: environment["NOTIFY_SOCKET"], watchdogEvery: every)
    }

    /// Removes systemd's variables from this process's environment, so that the sync job
    /// (which inherits it) does not take the daemon's socket and watchdog for its own.
    static func unsetEnvironment() {
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) }
    }

    /// `READY=1` with the status line.
    package func ready(status: String? = nil) { send(["READY=1"], status: status) }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (systemd 253 and later want both; 252 ignores it).
    package func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let usec = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
        send(["RELOADING=1", "MONOTONIC_USEC=\(usec)"])
    }

    /// `STOPPING=1` with the status line.
    package func stopping(status: String) { send(["STOPPING=1"], status: status) }

    /// `WATCHDOG=1`: the loop is alive.
    package func watchdog() { send(["WATCHDOG=1"]) }

    /// `STATUS=` with `text` (the loop sends it only when it changed).
    package func status(_ text: String) { send([], status: text) }

    /// `ERRNO=` and `STATUS=` for a start-up that failed: systemd shows both.
    package func failed(errno code: Int32, status: String) {
        send(["ERRNO=\(code)"], status: status)
    }

    /// Sends `fields`, plus `STATUS=status` (on one line) when given.
    func send(_ fields: [String], status: String? = nil) {
        guard let socketPath else { return }
        let lines = fields + (status.map { ["STATUS=" + $0.replacingOccurrences(of: "\n", with: " ")] } ?? [])
        Self.sendDatagram(lines.joined(separator: "\n"), to: socketPath)
    }

    /// One datagram to the socket at `path` (`@name`: the abstract name); failures are dropped.
    static func sendDatagram(_ message: String, to path: String) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(
            MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (bytes[0] == 0 ? 0 : 1)
        )
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { return }
        defer { close(fd) }
        // A reader whose queue is full (not systemd, which reads at once) holds a send back at
        // most this long; then the message is dropped rather than the loop stalled.
        var limit = timeval(tv_sec: 1, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let payload = Array(message.utf8)
        while withUnsafePointer(
            to: &address,
            { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                    payload.withUnsafeBytes {
                        sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), target, length)
                    }
                }
            }
        ) < 0, errno == EINTR {}
    }
}
