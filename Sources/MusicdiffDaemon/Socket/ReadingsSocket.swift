import Foundation
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The Unix socket a running daemon answers `why-not` on (``MusicdiffHome/readingsSocket``):
/// a client connects, the daemon writes one ``DaemonReadings`` line and closes. The daemon
/// never waits for its client: it reads nothing from it, and its reply fits the socket's
/// buffer, so a client that connects and stalls costs it nothing.
///
/// Only processes of the daemon's own user (or root) get an answer; the socket file is
/// also readable by its owner only.
package enum ReadingsSocket {
    /// Why no readings came from the daemon, as `why-not` words it after "the daemon ".
    package enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// No socket at the path, or nobody listens on it (a daemon of an older version).
        case notListening
        /// The daemon did not answer in time (it may be stopped or busy).
        case noAnswer(within: Duration)
        /// The reply could not be read.
        case unreadable(String)
        /// The socket could not be used.
        case system(String)
        /// Another process than the daemon answers on the socket (who it is).
        case impostor(String)

        /// `did not answer within 1s`.
        package var description: String {
            switch self {
            case .notListening: "does not answer on \(MusicdiffHome.readingsSocketName)"
            case .noAnswer(let within):
                "did not answer within "
                    + (within < .seconds(1)
                        ? "\(Int(within / .milliseconds(1)))ms" : DurationText.format(within))
            case .unreadable(let what): "sent \(what)"
            case .system(let what): "could not be asked: \(what)"
            case .impostor(let who):
                "does not answer on \(MusicdiffHome.readingsSocketName): \(who) answers in its place"
            }
        }
    }

    /// The longest path a Unix socket address holds (`sun_path`, less its final NUL).
    package static let maximumPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// A listening socket at a path, removed when closed.
    package final class Listener: Sendable {
        /// The listening descriptor.
        let descriptor: Int32
        /// The socket's path.
        package let path: String
        /// The socket file's inode, to tell it from one put in its place.
        private let inode: UInt64

        /// Listens at `path`, replacing a socket a daemon that died left there (the caller
        /// holds the pid lock, so no other daemon listens on it).
        package init(path: String) throws(DaemonError) {
            guard path.utf8.count <= ReadingsSocket.maximumPathBytes else {
                throw .io(
                    path: path,
                    reason: "the path is longer than a socket's \(ReadingsSocket.maximumPathBytes) bytes"
                )
            }
            let fd = socket(
                AF_UNIX,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue),
                0
            )
            guard fd >= 0 else {
                throw .io(path: path, reason: "cannot make a socket: \(ReadingsSocket.errorText())")
            }
            unlink(path)
            // Owner only from the start: the file `bind` makes takes the socket's own mode
            // (less the umask), so no moment passes in which another user could connect, and
            // the process's umask, which other threads share, is left alone.
            fchmod(fd, 0o600)
            let bound = ReadingsSocket.withAddress(path) { bind(fd, $0, $1) }
            guard bound == 0, listen(fd, 16) == 0 else {
                let reason = ReadingsSocket.errorText()
                Glibc.close(fd)
                throw .io(path: path, reason: "cannot listen: \(reason)")
            }
            var info = stat()
            self.inode = stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
            self.descriptor = fd
            self.path = path
        }

        /// Whether the socket file at ``path`` is still this one (not removed nor replaced).
        var isAtPath: Bool {
            var info = stat()
            return stat(path, &info) == 0 && UInt64(info.st_ino) == inode
        }

        /// Answers each client with `reply()`'s line until cancelled; a client that sent a
        /// request line before it was accepted gets `answer(request)` instead, when that is not
        /// nil (``ReadingsSocket/request(_:)``). Waits on the process's executor
        /// (``Readiness``), with no thread and no wake-up of its own.
        package func serve(
            _ reply: @Sendable () -> [UInt8],
            answer: @Sendable (String) -> [UInt8]? = { _ in nil }
        ) async {
            let user = geteuid()
            while !Task.isCancelled {
                do { try await Readiness.wait(descriptor) } catch { return }
                while true {
                    // accept4, which takes the flag at once, is hidden without _GNU_SOURCE; the
                    // daemon's children close what they inherit anyway (posix_spawn's closefrom).
                    let client = accept(descriptor, nil, nil)
                    if client < 0 {
                        let code = errno
                        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR || code == ECONNABORTED {
                            break
                        }
                        // Out of descriptors: the client waits in the backlog; look again a
                        // moment later instead of spinning on a socket that stays readable.
                        try? await Timers.sleep(for: .milliseconds(200))
                        break
                    }
                    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                    if let peer = ReadingsSocket.peerUser(client), peer == user || peer == 0 {
                        let line = ReadingsSocket.request(client).flatMap(answer) ?? reply()
                        // A reply that does not fit the buffer at once is dropped, not waited on.
                        let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
                        _ = line.withUnsafeBytes { send(client, $0.baseAddress, $0.count, flags) }
                    }
                    Glibc.close(client)
                }
            }
        }

        /// Stops listening and removes the socket file, when it is still this one's.
        package func close() {
            if isAtPath { unlink(path) }
            Glibc.close(descriptor)
        }
    }

    /// Asks the daemon listening at `path` for its readings, waiting at most `timeout` for
    /// its answer. With `daemon`, the pid of the process that holds `daemon.pid`'s lock, the
    /// answer is taken only from that process: the socket's listener (`SO_PEERCRED`) and the
    /// pid the reply names must both be it, since anyone of the user's may put a socket there.
    package static func ask(
        path: String,
        timeout: Duration,
        daemon: Int32? = nil
    ) -> Result<DaemonReadings, Failure> {
        let parsed = exchange(path: path, request: nil, timeout: timeout, daemon: daemon).flatMap {
            DaemonReadings.parse($0)
        }
        if let daemon, case .success(let readings) = parsed, readings.pid != daemon {
            return .failure(.impostor("a reply naming pid \(readings.pid)"))
        }
        return parsed
    }

    /// Calls `body` with the socket address of `path` (which fits, checked by the caller).
    static func withAddress(
        _ path: String,
        _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8.prefix(maximumPathBytes))
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// The user of the process at the other end of a connected socket (`SO_PEERCRED`).
    static func peerUser(_ descriptor: Int32) -> uid_t? { peerCredentials(descriptor)?.uid }

    /// The process at the other end of a connected socket (`SO_PEERCRED`): for a client, the
    /// one that listens.
    static func peerCredentials(_ descriptor: Int32) -> (pid: Int32, uid: UInt32)? {
        // `struct ucred`, which glibc declares only with _GNU_SOURCE: pid, uid, gid.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var size = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 else { return nil }
        return (credentials.pid, credentials.uid)
    }

    /// The reply's last line, after the line break that ends the one before it.
    static let endLine = Array("\nend\n".utf8)

    /// The text of `errno`.
    static func errorText() -> String { Errno.current.description }
}
