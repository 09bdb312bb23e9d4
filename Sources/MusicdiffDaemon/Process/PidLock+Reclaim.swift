import MusicdiffRuntime

#if canImport(Glibc)
    import Glibc
#endif

extension PidLock {
    /// What ``reclaim()`` found at the lock's path.
    package enum Reclaim: Sendable, Equatable {
        /// The file at the path is the one held, naming this process.
        case unchanged
        /// The file had been removed, moved away, replaced or overwritten: the one at the path
        /// is held again (made anew if need be) and names this process.
        case restored
        /// Another process holds the file now at the path (its pid, when it can be found).
        case takenBy(Int32?)
        /// The file could not be made or locked.
        case failed(DaemonError)
    }

    /// Makes sure the file at ``path`` is the one held and names this process: a pid file
    /// removed, moved away or replaced (its inode changed) is made again and locked, and the
    /// old lock let go only once the new one is held; a text overwritten is written again.
    /// Cheap when nothing changed: a `stat`, an `fstat` and a read of a few bytes.
    package func reclaim() -> Reclaim {
        held.withLock { fd -> Reclaim in
            guard let old = fd else { return .unchanged }
            let me = getpid()
            if Self.isStillAtPath(old, path) {
                guard Self.pids(at: path).first != me else { return .unchanged }
                write(pid: me, to: old)
                return .restored
            }
            for _ in 0..<3 {
                let new = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
                guard new >= 0 else { return .failed(Self.failure("open", path)) }
                if case .failure(let error) = SystemCall.retrying({ flock(new, LOCK_EX | LOCK_NB) }) {
                    let code = error.rawValue
                    close(new)
                    // Called on the daemon's thread: the holder is named without waiting.
                    if code == EWOULDBLOCK { return .takenBy(Self.daemonHolder(at: path, patient: false)) }
                    return .failed(Self.failure("lock", path, code))
                }
                guard Self.isStillAtPath(new, path) else {
                    close(new)
                    continue
                }
                write(pid: me, to: new)
                close(old)
                fd = new
                return .restored
            }
            return .failed(.io(path: path, reason: "the lock file keeps being replaced"))
        }
    }

    private func write(pid: Int32, to descriptor: Int32) {
        let text = Array("\(pid)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
    }
}
