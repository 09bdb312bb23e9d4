import Glibc
import Synchronization

/// A logind *delay* lock on sleep, held as long as its file descriptor is open: logind waits
/// for it (at most `InhibitDelayMaxUSec`) before it suspends. ``release()`` closes the
/// descriptor; so does deinit. The descriptor is close-on-exec: a child does not inherit it.
package final class SleepInhibitor: Sendable {
    /// The lock's descriptor, or nil once released.
    private let descriptor: Mutex<Int32?>

    /// Takes ownership of `descriptor` (as returned by logind's `Inhibit`).
    init(descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        self.descriptor = Mutex(descriptor)
    }

    deinit { release() }

    /// Whether the lock is still held (``release()`` has not run).
    package var isHeld: Bool { descriptor.withLock { $0 != nil } }

    /// The descriptor while held, for tests.
    var fileDescriptor: Int32? { descriptor.withLock { $0 } }

    /// Releases the lock: `close(2)` on its descriptor, at once and without blocking. Idempotent.
    package func release() {
        guard let descriptor = descriptor.withLock({ $0.take() }) else { return }
        _ = close(descriptor)
    }
}
