import CLinux
import MusicdiffRuntime
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// One process, held by a pid descriptor (`pidfd_open(2)`): a signal sent through it
/// (`pidfd_send_signal(2)`) reaches that process or none, never another that reused its pid,
/// and its end is waited for with `poll(2)` on the descriptor. Where the kernel has no pidfd
/// (before Linux 5.3), `kill(2)` stands in, and the caller's re-check of who holds the lock
/// is all that guards against reuse.
final class PidDescriptor {
    /// The pid.
    let pid: Int32
    /// The pid descriptor; -1 without pidfd support.
    private let descriptor: Int32

    /// Holds process `pid`; nil when no such process runs.
    init?(pid: Int32) {
        guard pid > 0 else { return nil }
        let fd = musicdiff_pidfd_open(pid)
        if fd < 0 {
            guard errno == ENOSYS, kill(pid, 0) == 0 || errno == EPERM else { return nil }
        } else {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        self.pid = pid
        self.descriptor = fd
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Sends `signal`; 0, or the `errno` of the failure (ESRCH once the process is gone).
    func send(_ signal: Int32) -> Int32 {
        let result =
            descriptor >= 0 ? musicdiff_pidfd_send_signal(descriptor, signal) : kill(pid, signal)
        return result == 0 ? 0 : errno
    }

    /// Waits up to `limit` for the process to end; whether it has. Blocking: for `daemon stop`,
    /// a synchronous command, never the daemon's thread.
    func waitForExit(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: limit)
        if descriptor >= 0 {
            return SystemCall.waitReadable(descriptor, until: deadline) == .success(true)
        }
        // Without a pidfd (a kernel before 5.3) nothing tells of the end: look every 20 ms.
        return SystemCall.poll(every: .milliseconds(20), until: deadline) { !ProcessGroup.isRunning(pid) }
    }
}
