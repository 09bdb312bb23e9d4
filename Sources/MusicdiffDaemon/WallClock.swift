import CLinux
import Dispatch
import Foundation
import Synchronization

/// The wall clock the daemon plans on: due times are wall-clock times, persisted across
/// restarts, so the daemon sleeps until a wall-clock moment rather than for a duration.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Returns at `deadline`, or earlier when the clock is set (the caller re-plans), or
    /// throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Date) async throws
    /// How long the machine has been suspended since it booted (`CLOCK_BOOTTIME` minus
    /// `CLOCK_MONOTONIC`): it grows only across a suspend.
    func suspendedSinceBoot() -> Duration
}

extension WallClock {
    /// The kernel's figure.
    public func suspendedSinceBoot() -> Duration { BootClock.suspendedSinceBoot() }
}

/// The system's clock. Sleeps on a `timerfd` of `CLOCK_REALTIME` with an absolute deadline:
/// the kernel wakes it at that wall-clock time, right after a resume from suspend if the
/// time passed meanwhile, and at once when someone sets the clock. No thread spins and no
/// periodic tick runs while it waits.
public struct SystemWallClock: WallClock {
    /// Creates the clock.
    public init() {}

    /// The current time.
    public func now() -> Date { Date() }

    /// Sleeps until `deadline` (wall-clock), a clock change, or cancellation.
    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        guard deadline > Date() else { return }
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard fd >= 0 else {
            // Without timerfd, fall back to a monotonic sleep: wrong only across suspend.
            try await Task.sleep(for: .seconds(max(deadline.timeIntervalSinceNow, 0)))
            return
        }
        var spec = itimerspec()
        let seconds = deadline.timeIntervalSince1970
        spec.it_value = timespec(
            tv_sec: Int(seconds.rounded(.down)),
            tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9)
        )
        guard timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET), &spec, nil) == 0
        else {
            close(fd)
            try await Task.sleep(for: .seconds(max(deadline.timeIntervalSinceNow, 0)))
            return
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .global())
        let wake = OneShot()
        source.setEventHandler {
            // The timer expired, or the clock was set (then read fails with ECANCELED).
            var expirations: UInt64 = 0
            _ = read(fd, &expirations, 8)
            wake.finish(.success(()))
        }
        source.setCancelHandler { close(fd) }
        source.activate()
        defer { source.cancel() }
        try await withTaskCancellationHandler {
            try await wake.wait()
        } onCancel: {
            wake.finish(.failure(CancellationError()))
        }
    }
}

/// A result delivered once to one waiter, whichever comes first.
final class OneShot: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Void, any Error>)
        case finished(Result<Void, any Error>)
    }

    private let state = Mutex<State>(.pending)

    /// Delivers `result`; later calls do nothing.
    func finish(_ result: Result<Void, any Error>) {
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
    func wait() async throws {
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
