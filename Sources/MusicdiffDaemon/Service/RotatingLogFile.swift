import MusicdiffRuntime
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `daemon.log`: a file appended to line by line and rotated as Python's
/// `RotatingFileHandler` rotates it: once a line would take the file to ``maxBytes``, it
/// becomes `daemon.log.1`, `.1` becomes `.2`, and so on up to ``backupCount``; the oldest is
/// dropped. Either limit at 0 means the file is never rotated.
///
/// Lines are written whole with `O_APPEND`, under a lock, so that threads never interleave;
/// a write cut short (a full disk, a file size limit) is undone, so that a line is in the
/// file whole or not at all. The file is reopened when it was removed or replaced (by
/// `logrotate`, or by a person). A failed write never reaches the caller: it is reported
/// once on stderr, and the next line written says how many were lost. Standard output
/// and error that point at the log (a detached daemon's, where a crash would write) follow
/// it to the new file, so they never land in a backup.
package final class RotatingLogFile: Sendable {
    /// The log file.
    package let path: String
    /// The size a line may not take the file to; the original design's 10 MiB by default.
    package let maxBytes: Int
    /// How many rotated files are kept.
    package let backupCount: Int
    /// Whether each line is also written to stderr (the daemon's `--foreground`, for journald).
    let echoToStandardError: Bool
    /// Whether stderr is the journal's stream (``JournalStream``): it then gets each line's
    /// journal form, without the timestamp and with the syslog priority, when one is given.
    let echoToJournal: Bool

    private struct State {
        var fd: Int32 = -1
        var device: UInt64 = 0
        var inode: UInt64 = 0
        var reportedFailure = false
        /// Lines not written since the last one that was, and why the last of them was not.
        var lost = 0
        var lostBecause = ""
    }
    private let state = Mutex(State())

    /// The original design's limits: 10 MiB, 5 backups.
    static let defaultMaxBytes = 10 * 1024 * 1024
    /// The original design's backup count.
    package static let defaultBackupCount = 5

    /// Uses the file at `path`, created (mode 0600) at the first line.
    package init(
        path: String,
        maxBytes: Int = defaultMaxBytes,
        backupCount: Int = defaultBackupCount,
        echoToStandardError: Bool = false,
        echoToJournal: Bool = false
    ) {
        self.path = path
        self.maxBytes = maxBytes
        self.backupCount = backupCount
        self.echoToStandardError = echoToStandardError
        self.echoToJournal = echoToJournal
    }

    deinit { close() }

    /// Appends `line` and a newline, rotating first when the file is full; the echo on stderr
    /// is `journalLine` instead when stderr is the journal and one is given. After lines were
    /// lost, `line` is preceded by `notice` of "N log lines lost: why" (the caller's format
    /// of a warning), written with it in one piece.
    package func write(
        _ line: String,
        journalLine: @autoclosure () -> String? = nil,
        notice: (String) -> String = { $0 }
    ) {
        let bytes = Array((line + "\n").utf8)
        if echoToStandardError {
            let journal = echoToJournal ? journalLine().map { Array(($0 + "\n").utf8) } : nil
            _ = Self.writeAll(2, journal ?? bytes)
        }
        state.withLock { state in
            var whole = bytes
            if state.lost > 0 {
                let count = "\(state.lost) log line\(state.lost == 1 ? "" : "s")"
                whole = Array((notice("\(count) lost: \(state.lostBecause)") + "\n").utf8) + bytes
            }
            var failure = openIfNeeded(&state)
            if failure == nil, shouldRotate(state, adding: whole.count) {
                rotate()
                failure = openIfNeeded(&state)
            }
            if failure == nil { failure = Self.appendWhole(state.fd, whole) }
            guard let failure else {
                (state.lost, state.reportedFailure) = (0, false)
                return
            }
            (state.lost, state.lostBecause) = (state.lost + 1, failure)
            if !state.reportedFailure {
                state.reportedFailure = true
                let text =
                    "musicdiff: \(path): \(failure); log lines are lost until it can be written again\n"
                _ = Self.writeAll(2, Array(text.utf8))
            }
        }
    }

    /// Closes the file; the next line opens it again.
    package func close() {
        state.withLock { state in
            if state.fd >= 0 { closeDescriptor(state.fd) }
            state.fd = -1
        }
    }

    /// Opens the file unless the open descriptor is still the file at `path`. Returns why
    /// it cannot be opened.
    private func openIfNeeded(_ state: inout State) -> String? {
        var info = stat()
        if state.fd >= 0, stat(path, &info) == 0, UInt64(info.st_dev) == state.device,
            UInt64(info.st_ino) == state.inode
        {
            return nil
        }
        let old = state
        state.fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        let failure =
            state.fd >= 0 && fstat(state.fd, &info) == 0
            ? nil : "cannot open: \(Errno.current.description)"
        if failure == nil {
            state.device = UInt64(info.st_dev)
            state.inode = UInt64(info.st_ino)
        }
        if old.fd >= 0 {
            for stream: Int32 in [1, 2] where state.fd >= 0 && Self.isFile(stream, old.device, old.inode) {
                _ = dup2(state.fd, stream)
            }
            closeDescriptor(old.fd)
        }
        return failure
    }

    /// Whether the descriptor `fd` is the file `device`:`inode`.
    private static func isFile(_ fd: Int32, _ device: UInt64, _ inode: UInt64) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    /// Whether `count` more bytes would take a non-empty file to ``maxBytes``.
    private func shouldRotate(_ state: State, adding count: Int) -> Bool {
        guard maxBytes > 0, backupCount > 0 else { return false }
        var info = stat()
        guard fstat(state.fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else {
            return false
        }
        return Int(info.st_size) + count >= maxBytes
    }

    /// Shifts `path.N-1` to `path.N` … `path` to `path.1`; the open descriptor is then stale.
    private func rotate() {
        for index in stride(from: backupCount - 1, through: 1, by: -1) {
            _ = rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        _ = rename(path, "\(path).1")
    }

    /// Appends `bytes` to `fd` whole or not at all: when a write is cut short, the file is cut
    /// back (`ftruncate`) to its size before, unless someone else appended meanwhile. Returns
    /// why it failed.
    private static func appendWhole(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        let before = size(fd)
        let written = writeAll(fd, bytes)
        guard written < bytes.count else { return nil }
        let error = errno
        if written > 0, let before, size(fd) == before + off_t(written) { _ = ftruncate(fd, before) }
        return "cannot write: \(Errno(rawValue: error).description)"
    }

    /// The size of the file open as `fd` (`fstat`).
    private static func size(_ fd: Int32) -> off_t? {
        var info = stat()
        return fstat(fd, &info) == 0 ? info.st_size : nil
    }

    /// Writes all of `bytes`, retrying on `EINTR` and partial writes; returns how many were
    /// written, fewer than all when a write failed (`errno` says why).
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let result = SystemCall.retrying { bytes[offset...].withUnsafeBytes { writeBytes(fd, $0) } }
            guard case .success(let written) = result, written > 0 else { return offset }
            offset += written
        }
        return offset
    }
}

/// `close(2)`, out of reach of the members named `close` and `write`.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

/// `write(2)`.
private func writeBytes(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
    write(fd, buffer.baseAddress, buffer.count)
}
