import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The advisory lock (`flock`) on `sync.lock` held while a sync job runs, so that the
/// daemon's run and a manual `musicdiff sync` never overlap.
///
/// The holder writes its pid into the file, so that a refusal can name it. The lock is
/// released by ``release()``, when the value is deinitialised, or by the kernel when the
/// process dies; its descriptor is close-on-exec, so the sync job does not inherit it.
public final class SyncLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit { release() }

    /// Takes the lock at `path`, creating the file (mode 0600) if needed; nil when another
    /// holder has it. Locks belong to open files, so a second `acquire` in the same process
    /// also returns nil while the first is held.
    public static func acquire(at path: String) throws(DaemonError) -> SyncLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .io(path: path, reason: "cannot open the sync lock: \(String(cString: strerror(errno)))")
        }
        var result: Int32
        repeat { result = flock(fd, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw .io(path: path, reason: "cannot lock the sync lock: \(String(cString: strerror(code)))")
        }
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) != 0 || pwrite(fd, text, text.count, 0) != text.count {
            let code = errno
            close(fd)
            throw .io(path: path, reason: "cannot write the sync lock: \(String(cString: strerror(code)))")
        }
        return SyncLock(path: path, descriptor: fd)
    }

    /// Takes the lock at `path`, or throws ``DaemonError/syncAlreadyRunning(pid:)`` naming the holder.
    public static func acquireOrThrow(at path: String) throws(DaemonError) -> SyncLock {
        guard let lock = try acquire(at: path) else { throw .syncAlreadyRunning(pid: holder(at: path)) }
        return lock
    }

    /// The pid the lock file names: the holder's while it is held; nil when the file is
    /// missing, empty or unreadable.
    public static func holder(at path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int32($0) }
    }

    /// Releases the lock, clearing the pid from the file; does nothing the second time.
    public func release() {
        descriptor.withLock { fd in
            guard let held = fd else { return }
            _ = ftruncate(held, 0)
            close(held)
            fd = nil
        }
    }
}
