/// `CLOCK_MONOTONIC` as a `Clock`, whose sleeps are ``Timers``' own (a cancelled sleep leaves
/// nothing behind to wake the process at its old deadline): the time a suspended machine
/// spends asleep does not count; the time a stopped (SIGSTOP) process spends frozen does.
public struct MonotonicClock: Clock {
    /// An instant as `SuspendingClock` reads it: only the time from now to a deadline is used.
    public typealias Instant = SuspendingClock.Instant

    /// Creates the clock.
    public init() {}

    /// The current instant.
    public var now: Instant { SuspendingClock().now }

    /// The clock's resolution.
    public var minimumResolution: Duration { SuspendingClock().minimumResolution }

    /// Sleeps until `deadline` on a `timerfd`, or throws `CancellationError`.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await Timers.sleep(for: now.duration(to: deadline))
    }
}
