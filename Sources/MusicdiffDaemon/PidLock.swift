import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pid file guarded by an advisory lock (`flock`): `daemon.pid`, held while the daemon
/// runs, and `sync.lock`, held while a sync job runs so that the daemon's run and a manual
/// `musicdiff sync` never overlap.
///
/// The holder writes its pid into the file, so that a refusal can name it. Whether the
/// holder is alive is the lock's business, not a `kill(pid, 0)` guess: the kernel drops the
/// lock when the process dies, even by `kill -9`. The descriptor is close-on-exec; a sync
/// job is handed it on purpose instead (as its standard input, see ``descriptor``), so that
/// the lock lives as long as the job does, whoever dies first, and then the job's pid is
/// added to the file (``noteJob(_:)``).
public final class PidLock: Sendable {
    /// The lock file.
    public let path: String
    private let held: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.held = Mutex(descriptor)
    }

    deinit { release() }

    /// Takes the lock at `path`, creating the file (mode 0600) if needed; nil when another
    /// holder has it. Locks belong to open files, so a second `acquire` in the same process
    /// also returns nil while the first is held.
    public static func acquire(at path: String) throws(DaemonError) -> PidLock? {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw failure("open", path) }
            var result: Int32
            repeat { result = flock(fd, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
            guard result == 0 else {
                let code = errno
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
            guard ftruncate(fd, 0) == 0, pwrite(fd, text, text.count, 0) == text.count else {
                let code = errno
                close(fd)
                throw failure("write", path, code)
            }
            return PidLock(path: path, descriptor: fd)
        }
    }

    /// Takes the sync lock at `path`, or throws ``DaemonError/syncAlreadyRunning(pid:)`` naming the holder.
    public static func acquireOrThrow(at path: String) throws(DaemonError) -> PidLock {
        guard let lock = try acquire(at: path) else { throw .syncAlreadyRunning(pid: holder(at: path)) }
        return lock
    }

    /// Whether a process holds the lock at `path` now.
    ///
    /// Read from the kernel's table of locks (`/proc/locks`) without taking any: a probe that
    /// took a lock, even briefly, could make a daemon that is just starting fail its own and
    /// report "already running". Only where there is no such table is a probe used.
    public static func isHeld(at path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        if let held = LockTable.read()?.hasFlock(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) {
            return held
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var result: Int32
        repeat { result = flock(fd, LOCK_SH | LOCK_NB) } while result != 0 && errno == EINTR
        return result != 0 && errno == EWOULDBLOCK
    }

    /// The running daemon's pid, when a daemon holds `daemon.pid` at `path`; nil when none does.
    ///
    /// Only the daemon's own process holds that lock (its descriptor is close-on-exec and
    /// never handed on), so the pid the file names is asked directly, from its descriptors
    /// (``LockTable/flockHeld(by:device:inode:proc:)``), and `/proc/locks` is read only when
    /// that cannot tell: an empty file (a daemon between its lock and its pid) or another
    /// user's process. A sync lock, which a job's children may keep, is no such lock: use
    /// ``isHeld(at:)`` and ``holder(at:)`` for it.
    public static func daemonHolder(at path: String) -> Int32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if let pid = pids(at: path).first,
            let held = LockTable.flockHeld(by: pid, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        {
            return held ? pid : nil
        }
        return isHeld(at: path) ? holder(at: path) : nil
    }

    /// The pids the lock file names: the process that took it and, once it has started a
    /// job that inherited the lock, the job's; empty when the file is missing or empty.
    public static func pids(at path: String) -> [Int32] {
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
    /// file is empty and the lock held, it is read again for up to a quarter of a second.
    public static func holder(at path: String) -> Int32? {
        for _ in 0..<50 {
            if let pid = pids(at: path).last { return pid }
            guard isHeld(at: path) else { return nil }
            usleep(5_000)
        }
        return nil
    }

    /// The open descriptor while held. A sync job is given it as its standard input: the
    /// lock belongs to the open file, so it is then held until the job and everything that
    /// kept its standard input have exited.
    public var descriptor: Int32? { held.withLock { $0 } }

    /// Adds the pid of the job that inherited the lock to the file, after the taker's.
    public func noteJob(_ pid: Int32) {
        held.withLock { fd in
            guard let fd else { return }
            let text = Array("\(getpid()) \(pid)\n".utf8)
            _ = ftruncate(fd, 0)
            _ = pwrite(fd, text, text.count, 0)
        }
    }

    /// Releases the lock, clearing the pid from the file (or removing the file, when
    /// `removingFile`); does nothing the second time.
    public func release(removingFile: Bool = false) {
        held.withLock { fd in
            guard let held = fd else { return }
            if removingFile { unlink(path) } else { _ = ftruncate(held, 0) }
            close(held)
            fd = nil
        }
    }

    private static func isStillAtPath(_ fd: Int32, _ path: String) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(fd, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_ino == named.st_ino && opened.st_dev == named.st_dev
    }

    private static func failure(_ verb: String, _ path: String, _ code: Int32 = errno) -> DaemonError {
        .io(path: path, reason: "cannot \(verb) the lock file: \(String(cString: strerror(code)))")
    }
}
