/// `CLOCK_MONOTONIC` as a `Clock`, whose sleeps are ``Timers``' own (a cancelled sleep leaves
/// nothing behind to wake the process at its old deadline): the time a suspended machine
/// spends asleep does not count; the time a stopped (SIGSTOP) process spends frozen does.
package struct MonotonicClock: Clock {
    /// An instant as `SuspendingClock` reads it: only the time from now to a deadline is used.
    package typealias Instant = SuspendingClock.Instant

    /// Creates the clock.
    package init() {}

    /// The current instant.
    package var now: Instant { SuspendingClock().now }

    /// The clock's resolution.
    package var minimumResolution: Duration { SuspendingClock().minimumResolution }

    /// Sleeps until `deadline` on a `timerfd`, or throws `CancellationError`.
    package func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await Timers.sleep(for: now.duration(to: deadline))
    }
}
