import Foundation
import MusicdiffRuntime
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension ReadingsSocket {
    /// The longest request line a client may send before the daemon accepts it.
    static let maximumRequestBytes = 64

    /// The request line a just-accepted client sent already, without its line break; nil when
    /// it sent none (a `why-not` client sends nothing and gets the readings). Never waits
    /// (`MSG_PEEK | MSG_DONTWAIT`, then the line is taken): the daemon never waits for a client.
    ///
    /// A client's request can arrive just after the daemon accepted it, which then answers with
    /// the readings; a client that sent a request and got readings asks again
    /// (``exchange(path:request:timeout:daemon:)`` does).
    static func request(_ client: Int32) -> String? {
        var bytes = [UInt8](repeating: 0, count: maximumRequestBytes)
        let count = bytes.withUnsafeMutableBytes {
            recv(client, $0.baseAddress, $0.count, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        }
        guard count > 0, let end = bytes[..<count].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        // Taken off the socket: closed with unread bytes, it would end the client's read with
        // ECONNRESET rather than the end of the reply.
        _ = bytes.withUnsafeMutableBytes { recv(client, $0.baseAddress, end + 1, Int32(MSG_DONTWAIT)) }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Connects to `path`, sends `request` (a line) when given, and returns the reply, read up
    /// to its `end` line, waiting at most `timeout`. With `daemon`, only that process may be
    /// the listener. A reply to a request that is the readings (the daemon accepted before
    /// the request arrived) is asked for again while time is left.
    static func exchange(
        path: String,
        request: String?,
        timeout: Duration,
        daemon: Int32?
    ) -> Result<[UInt8], Failure> {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let reply = exchangeOnce(
                path: path,
                request: request,
                deadline: deadline,
                timeout: timeout,
                daemon: daemon
            )
            guard request != nil, case .success(let bytes) = reply,
                bytes.starts(with: Array("musicdiff-readings\t".utf8)), ContinuousClock.now < deadline
            else { return reply }
        }
    }

    private static func exchangeOnce(
        path: String,
        request: String?,
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        daemon: Int32?
    ) -> Result<[UInt8], Failure> {
        guard path.utf8.count <= maximumPathBytes else { return .failure(.notListening) }
        let fd = socket(
            AF_UNIX,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue),
            0
        )
        guard fd >= 0 else { return .failure(.system(errorText())) }
        defer { Glibc.close(fd) }
        guard withAddress(path, { connect(fd, $0, $1) }) == 0 else {
            let code = errno
            // A full backlog (EAGAIN) is a daemon that does not accept: it is not answering.
            if code == EAGAIN { return .failure(.noAnswer(within: .zero)) }
            return .failure(code == ENOENT || code == ECONNREFUSED ? .notListening : .system(errorText()))
        }
        if let daemon, let peer = peerCredentials(fd)?.pid, peer != daemon {
            return .failure(.impostor(RunningProcess(pid: peer).description))
        }
        if let request {
            // A fresh socket's buffer takes a short line at once.
            let line = Array((request + "\n").utf8)
            let sent = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // EPIPE: the daemon accepted before the line arrived, and answered (the readings)
            // and closed already; that answer is read, and the caller asks again.
            guard sent == line.count || (sent < 0 && (errno == EPIPE || errno == ECONNRESET)) else {
                return .failure(.system(errorText()))
            }
        }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            switch SystemCall.waitReadable(fd, until: deadline) {
            case .success(true): break
            case .success(false): return .failure(.noAnswer(within: timeout))
            case .failure(let error): return .failure(.system(error.description))
            }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(.system(errorText()))
            }
            if count == 0 { break }
            reply += chunk[..<count]
            guard reply.count <= 1 << 20 else { return .failure(.unreadable("more than a megabyte")) }
            // The reply ends with its `end` line: done, even if the connection stays open (a
            // child the daemon spawned at that moment could hold its end of it).
            if reply.count >= endLine.count, reply.suffix(endLine.count).elementsEqual(endLine) { break }
        }
        return .success(reply)
    }
}
