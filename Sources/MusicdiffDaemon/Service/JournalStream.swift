#if canImport(Glibc)
    import Glibc
#endif

/// Whether stderr goes to systemd's journal: systemd sets `$JOURNAL_STREAM` to the stream's
/// `DEVICE:INODE`, and systemd.exec(5) asks to compare it with `fstat(2)` of the descriptor,
/// since a child whose stderr was redirected inherits the variable too.
package enum JournalStream {
    /// Whether `$JOURNAL_STREAM` in `environment` names the file descriptor `fd` (stderr).
    package static func isJournal(_ fd: Int32 = 2, environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return false
        }
        var info = stat()
        return fstat(fd, &info) == 0 && UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
