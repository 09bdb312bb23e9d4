import MusicdiffRuntime
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A pid file guarded by an advisory lock (`flock`): `daemon.pid`, held while the daemon
/// runs, and under ``SyncLock``, `sync.lock`, held while a sync job runs so that the
/// daemon's run and a manual `musicdiff sync` never overlap.
///
/// The holder writes its pid into the file, so that a refusal can name it. Whether the
/// holder is alive is the lock's business, not a `kill(pid, 0)` guess: the kernel drops the
/// lock when the process dies, even by `kill -9`. The descriptor is close-on-exec and never
/// handed on, so only the process that took the lock holds it.
package final class PidLock: Sendable {
    /// The lock file.
    package let path: String
    let held: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.held = Mutex(descriptor)
    }

    deinit { release() }

    /// Takes the lock at `path`, creating the file (mode 0600) if needed, and writes this
    /// process's pid into it unless `naming` is false; nil when another holder has it. Locks
    /// belong to open files, so a second `acquire` in the same process also returns nil
    /// while the first is held.
    package static func acquire(at path: String, naming: Bool = true) throws(DaemonError) -> PidLock? {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw failure("open", path) }
            if case .failure(let error) = SystemCall.retrying({ flock(fd, LOCK_EX | LOCK_NB) }) {
                let code = error.rawValue
                close(fd)
                if code == EWOULDBLOCK { return nil }
                throw failure("lock", path, code)
            }
            // A holder that removed the file on its way out may have had it locked while we
            // opened it: then our lock is on a file no one else can see. Try again.
            guard isStillAtPath(fd, path) else {
                close(fd)
                continue
            }
            let text = Array("\(getpid())\n".utf8)
            guard !naming || (ftruncate(fd, 0) == 0 && pwrite(fd, text, text.count, 0) == text.count) else {
                let code = errno
                close(fd)
                throw failure("write", path, code)
            }
            return PidLock(path: path, descriptor: fd)
        }
    }

    /// Whether a process holds the lock at `path` now.
    ///
    /// Read from the kernel's table of locks (`/proc/locks`) without taking any: a probe that
    /// took a lock, even briefly, could make a daemon that is just starting fail its own and
    /// report "already running". Only where there is no such table is a probe used.
    package static func isHeld(at path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        if let held = LockTable.read()?.hasFlock(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) {
            return held
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return SystemCall.retrying { flock(fd, LOCK_SH | LOCK_NB) } == .failure(.wouldBlock)
    }

    /// The running daemon's pid, when a daemon holds `daemon.pid` at `path`; nil when none does.
    ///
    /// Found by the lock, not by the file's text, which anyone can write: the pid the file
    /// names is only a guess, taken when that process's own descriptors show it holds the
    /// lock (``LockTable/flockHeld(by:device:inode:proc:)``, cheap). Else the kernel's table
    /// (`/proc/locks`) names who took the lock, checked the same way; only where neither can
    /// tell (no such table) is the file's text believed, and a holder that has not written
    /// its pid yet is waited for (``holder(at:)``) unless `patient` is false: the daemon's
    /// one thread must not sleep.
    package static func daemonHolder(at path: String, patient: Bool = true) -> Int32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino))
        if let pid = pids(at: path).first, pid > 0,
            LockTable.flockHeld(by: pid, device: device, inode: inode) == true
        {
            return pid
        }
        guard let table = LockTable.read() else {
            guard isHeld(at: path) else { return nil }
            return patient ? holder(at: path) : pids(at: path).last
        }
        guard table.hasFlock(device: device, inode: inode) else { return nil }
        let takers = table.takers[LockTable.FileID(device: device, inode: inode)] ?? []
        // Another user's process cannot be asked (nil): the table's word is all there is.
        if let pid = takers.first(where: {
            LockTable.flockHeld(by: $0, device: device, inode: inode) != false
        }) {
            return pid
        }
        return LockTable.holders(device: device, inode: inode).first
    }

    /// The pids the lock file names: the process that took it and, once it has started a
    /// job that inherited the lock, the job's; empty when the file is missing or empty.
    package static func pids(at path: String) -> [Int32] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return [] }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
    }

    /// The pid of what holds the lock, as a refusal names it: the job's once one runs (it
    /// may have outlived the process that started it), else the taker's.
    /// A holder that has just taken the lock may not have written its pid yet: while the
    /// file is empty and the lock held, it is read again for up to a quarter of a second
    /// (a blocking wait, for short-lived commands only; never on the daemon's thread).
    package static func holder(at path: String) -> Int32? {
        var holder: Int32?
        _ = SystemCall.poll(
            every: .milliseconds(5),
            until: ContinuousClock.now.advanced(by: .milliseconds(250))
        ) {
            holder = pids(at: path).last
            return holder != nil || !isHeld(at: path)
        }
        return holder
    }

    /// Replaces the file's text (a sync lock names its job so), while held.
    package func write(_ text: String) {
        held.withLock { fd in
            guard let fd else { return }
            let bytes = Array(text.utf8)
            _ = ftruncate(fd, 0)
            _ = pwrite(fd, bytes, bytes.count, 0)
        }
    }

    /// Releases the lock, clearing the pid from the file (or removing the file, when
    /// `removingFile` and it is still the one at the path; or leaving its text, when
    /// `keepingText`); does nothing the second time.
    package func release(removingFile: Bool = false, keepingText: Bool = false) {
        held.withLock { fd in
            guard let held = fd else { return }
            // The file at the path may be another's by now (this one's was moved or replaced).
            if removingFile, Self.isStillAtPath(held, path) {
                unlink(path)
            } else if !keepingText {
                _ = ftruncate(held, 0)
            }
            close(held)
            fd = nil
        }
    }

    static func isStillAtPath(_ fd: Int32, _ path: String) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(fd, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_ino == named.st_ino && opened.st_dev == named.st_dev
    }

    static func failure(_ verb: String, _ path: String, _ code: Int32 = errno) -> DaemonError {
        .io(path: path, reason: "cannot \(verb) the lock file: \(Errno(rawValue: code).description)")
    }
}
