import CLinux
import Foundation
import MusicdiffRuntime

/// The wall clock the daemon plans on: due times are wall-clock times, persisted across
/// restarts, so the daemon sleeps until a wall-clock moment rather than for a duration.
package protocol WallClock: Sendable {
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
    package func suspendedSinceBoot() -> Duration { BootClock.suspendedSinceBoot() }
}

/// The system's clock. Sleeps on a `timerfd` of `CLOCK_REALTIME` with an absolute deadline:
/// the kernel wakes it at that wall-clock time, right after a resume from suspend if the
/// time passed meanwhile, and at once when someone sets the clock. No thread spins and no
/// periodic tick runs while it waits.
package struct SystemWallClock: WallClock {
    /// Creates the clock.
    package init() {}

    /// The current time.
    package func now() -> Date { Date() }

    /// Sleeps until `deadline` (wall-clock), a clock change, or cancellation.
    package func sleep(until deadline: Date) async throws {
        try await Timers.sleep(untilWallClock: deadline.timeIntervalSince1970)
    }
}
