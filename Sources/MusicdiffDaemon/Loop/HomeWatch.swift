import CLinux
import MusicdiffRuntime
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches the home folder (`inotify(7)`) for the daemon's own files, `daemon.pid` and
/// `daemon.sock`, being removed, moved or made, and for the folder itself going. Waited on
/// by ``Readiness``: no thread and no wake-up of its own, only when the folder changes.
final class HomeWatch: Sendable {
    /// What a batch of events touched.
    enum Change: Sendable, Equatable {
        /// Nothing the daemon cares for (another file came or went).
        case none
        /// One of the watched names came, went or was replaced.
        case files
        /// The folder itself was removed or moved away: the watch is gone with it.
        case folder
    }

    /// The folder.
    let folder: String
    /// The names watched in it.
    let names: Set<String>
    private let descriptor: Int32
    private let watch: Mutex<Int32>

    // inotify(7)'s masks, from <sys/inotify.h>.
    private static let moved: UInt32 = 0x40 | 0x80  // IN_MOVED_FROM | IN_MOVED_TO
    private static let createdOrDeleted: UInt32 = 0x100 | 0x200  // IN_CREATE | IN_DELETE
    // IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED
    private static let folderGone: UInt32 = 0x400 | 0x800 | 0x8000
    private static let overflow: UInt32 = 0x4000  // IN_Q_OVERFLOW
    private static let onlyFolder: UInt32 = 0x0100_0000  // IN_ONLYDIR

    /// Watches `names` in `folder`; nil when inotify cannot be used (out of watches).
    init?(folder: String, names: Set<String>) {
        let fd = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        guard fd >= 0 else { return nil }
        let wd = inotify_add_watch(fd, folder, Self.mask)
        guard wd >= 0 else {
            close(fd)
            return nil
        }
        self.folder = folder
        self.names = names
        self.descriptor = fd
        self.watch = Mutex(wd)
    }

    deinit { close(descriptor) }

    private static var mask: UInt32 { moved | createdOrDeleted | 0x400 | 0x800 | onlyFolder }

    /// Watches the folder at ``folder`` again, once it has been made anew; false when it
    /// cannot be watched (`errno` says why).
    func rewatch() -> Bool {
        let wd = inotify_add_watch(descriptor, folder, Self.mask)
        guard wd >= 0 else { return false }
        // A folder moved away is still watched under its old descriptor: let it go.
        let old = watch.withLock { current in
            defer { current = wd }
            return current
        }
        if old != wd { _ = inotify_rm_watch(descriptor, old) }
        return true
    }

    /// Waits for the next events and says what they touched; throws `CancellationError`.
    func next() async throws -> Change {
        while true {
            try await Readiness.wait(descriptor)
            var buffer = [UInt8](repeating: 0, count: 8192)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EAGAIN || errno == EINTR { continue }
            guard count > 0 else { return .folder }
            return change(in: buffer[..<count])
        }
    }

    /// What the events in `bytes` (`struct inotify_event`s: wd, mask, cookie, len, name) touched.
    private func change(in bytes: ArraySlice<UInt8>) -> Change {
        var result = Change.none
        var offset = bytes.startIndex
        let current = watch.withLock { $0 }
        while offset + 16 <= bytes.endIndex {
            func word(_ at: Int) -> UInt32 {
                bytes[offset + at..<offset + at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
            }
            let wd = Int32(bitPattern: word(0))
            let mask = word(4)
            let length = Int(word(12))
            let nameBytes = bytes[offset + 16..<min(offset + 16 + length, bytes.endIndex)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += 16 + length
            if mask & Self.overflow != 0 { result = max(result, .files) }
            guard wd == current else { continue }
            if mask & Self.folderGone != 0 {
                result = .folder
            } else if names.contains(name) {
                result = max(result, .files)
            }
        }
        return result
    }
}

extension HomeWatch.Change: Comparable {}
