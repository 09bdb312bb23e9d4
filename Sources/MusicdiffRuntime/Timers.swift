import CLinux
import Dispatch
import Glibc
import Synchronization

/// Sleeps on a `timerfd` of their own, waited on by ``Readiness``: a cancelled sleep closes
/// its descriptor, so nothing wakes the process at the deadline it no longer waits for.
/// (A cancelled `Task.sleep` returns at once, but its timed job stays queued and wakes the
/// executor at the old deadline; the daemon uses these instead.)
package enum Timers {
    /// Sleeps for `duration` of `CLOCK_MONOTONIC` (suspended time does not count), or
    /// throws `CancellationError`.
    package static func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        var spec = itimerspec()
        spec.it_value = timespec(duration)
        try await sleep(clock: CLOCK_MONOTONIC, flags: 0, spec: spec, fallback: duration)
    }

    /// Sleeps until `deadline` (seconds since 1970) on the wall clock: the kernel wakes it at
    /// that time, right after a resume from suspend if the time passed meanwhile, and at once
    /// when someone sets the clock (the caller re-plans). Throws `CancellationError`. A
    /// deadline over a hundred years away (or not a number) sleeps a hundred years, so that no
    /// conversion below traps on it.
    package static func sleep(untilWallClock deadline: Double) async throws {
        try Task.checkCancellation()
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let current = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        let secondsSince1970 = deadline.isNaN ? current + farthest : min(deadline, current + farthest)
        let left = secondsSince1970 - current
        guard left > 0 else { return }
        let whole = secondsSince1970.rounded(.down)
        var spec = itimerspec()
        spec.it_value = timespec(tv_sec: Int(whole), tv_nsec: Int((secondsSince1970 - whole) * 1e9))
        let flags = Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET)
        try await sleep(clock: CLOCK_REALTIME, flags: flags, spec: spec, fallback: .seconds(left))
    }

    /// A hundred years, in seconds: the longest a wall-clock sleep waits.
    static let farthest = 36_525 * 86_400.0

    /// Arms a timer and waits for it; without one (out of descriptors), a plain monotonic
    /// `Task.sleep` of `fallback` (wrong only across a suspend or a clock change).
    private static func sleep(
        clock: clockid_t,
        flags: Int32,
        spec: itimerspec,
        fallback: Duration
    ) async throws {
        let fd = timerfd_create(clock, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard fd >= 0 else { return try await Task.sleep(for: fallback) }
        defer { close(fd) }
        var spec = spec
        guard timerfd_settime(fd, flags, &spec, nil) == 0 else { return try await Task.sleep(for: fallback) }
        // The timer expired, or the clock was set (then read fails with ECANCELED).
        try await Readiness.wait(fd)
        var expirations: UInt64 = 0
        _ = read(fd, &expirations, 8)
    }
}

extension timespec {
    /// A relative time of `duration` (negative: zero).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else {
            self.init(tv_sec: 0, tv_nsec: 0)
            return
        }
        self.init(tv_sec: Int(clamping: seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    }
}

/// Waits for a descriptor to become readable without a thread of its own: on the
/// ``QuietExecutor``'s `poll` when it runs the process, else on a serial dispatch queue's
/// source (tests, which run on Swift's default executor).
package enum Readiness {
    /// Returns once `descriptor` is readable (or has hung up), or throws `CancellationError`.
    /// The caller keeps the descriptor open until this returns.
    package static func wait(_ descriptor: Int32) async throws {
        #if !MUSICDIFF_DEFAULT_EXECUTOR
            if let executor = QuietExecutor.installed {
                try await executor.readable(descriptor)
                return
            }
        #endif
        nonisolated(unsafe) let source = DispatchSource.makeReadSource(
            fileDescriptor: descriptor,
            queue: queue
        )
        let wake = OneShot()
        let fired = Atomic(false)
        // Cancelled once it fires; the wait ends when the cancel handler has run, so that the
        // caller closes the descriptor only once dispatch has let go of it.
        source.setEventHandler {
            fired.store(true, ordering: .releasing)
            source.cancel()
        }
        source.setCancelHandler {
            wake.finish(fired.load(ordering: .acquiring) ? .success(()) : .failure(CancellationError()))
        }
        source.activate()
        try await withTaskCancellationHandler {
            try await wake.wait()
        } onCancel: {
            source.cancel()
        }
    }

    /// Serial: a source on a global (concurrent) queue would start dispatch's pool monitor.
    private static let queue = DispatchQueue(label: "musicdiff.readiness")
}

/// A result delivered once to one waiter, whichever comes first.
package final class OneShot: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Void, any Error>)
        case finished(Result<Void, any Error>)
    }

    private let state = Mutex<State>(.pending)

    /// Creates a pending result.
    package init() {}

    /// Delivers `result`; later calls do nothing.
    package func finish(_ result: Result<Void, any Error>) {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .finished(result)
                return nil
            case .waiting(let continuation):
                state = .finished(result)
                return continuation
            case .finished:
                return nil
            }
        }
        waiter?.resume(with: result)
    }

    /// Waits for the result.
    package func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready: Result<Void, any Error>? = state.withLock { state in
                if case .finished(let result) = state { return result }
                state = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
