import Foundation
import MusicdiffRuntime
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A state store's file as a reader finds it, checked before SQLite opens it: SQLite would
/// wait forever on a FIFO, and says neither "no such file" nor "permission denied" in words
/// a person can act on.
struct StoreFile: Sendable, Equatable {
    /// The file, as given.
    var path: String
    /// Whether a `-wal` file lies next to it: a writer has it open, or left changes there.
    var hasLog: Bool

    /// The first bytes of every SQLite database.
    static let magic = Array("SQLite format 3\0".utf8)

    /// Checks the file at `path` (`open(2)` without blocking, `fstat(2)`, its first bytes);
    /// nil when there is none, or it is empty. Throws, in one line, for a file that is not a regular file,
    /// cannot be read, or is no SQLite database.
    static func check(_ path: String) throws(DaemonError) -> StoreFile? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .state(path: path, reason: "cannot be read: \(Errno(rawValue: code).description)")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw .state(path: path, reason: "cannot be read: \(Errno.current.description)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .state(path: path, reason: "is \(kind(status.st_mode)), not a musicdiff state store")
        }
        var header = [UInt8](repeating: 0, count: magic.count)
        let count = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        // Empty: a writer has just made it (``StateStore/open(path:busyTimeout:)`` makes the
        // file before SQLite writes to it), so there is no store yet.
        if count == 0 { return nil }
        guard count == magic.count, header == magic else {
            throw .state(path: path, reason: "is not a musicdiff state store (not SQLite)")
        }
        return StoreFile(path: path, hasLog: access(path + "-wal", F_OK) == 0)
    }

    /// `a FIFO`, `a directory`: what a file that is not a regular one is, in words.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    /// The SQLite URI that opens the file read-only as *immutable*: SQLite then takes no
    /// lock and neither reads nor creates a `-wal` or `-shm` file, so that a store in a
    /// read-only folder or another user's can be read, and reading leaves nothing behind.
    /// Only for a file with no `-wal` beside it: its content is then all in the file.
    var immutableURI: String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".utf8)
        let escaped = absolute.utf8.map { byte in
            plain.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }.joined()
        return "file:" + escaped + "?mode=ro&immutable=1"
    }
}
