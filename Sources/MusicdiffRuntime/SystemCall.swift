import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The one place a C call that reports failure through `errno` is made: it is called again
/// while a signal interrupts it (`EINTR`), and its failure is a typed `Errno`, whose
/// `description` is `strerror(3)`'s text.
package enum SystemCall {
    /// Calls `body`, a C call that returns a negative number and sets `errno` on failure
    /// (`read`, `write`, `poll`, `flock`, `waitid`...), until it is not interrupted; what it
    /// returned, or the `Errno` it failed with.
    @inlinable
    package static func retrying<Value: SignedInteger & FixedWidthInteger>(
        _ body: () -> Value
    ) -> Result<Value, Errno> {
        while true {
            let value = body()
            guard value < 0 else { return .success(value) }
            let code = errno
            guard code == EINTR else { return .failure(Errno(rawValue: code)) }
        }
    }

    /// Waits (`poll(2)`) until `fd` can be read or `deadline` passes; a signal that interrupts
    /// the wait starts it again with the time left. True when `fd` can be read.
    package static func waitReadable(
        _ fd: Int32,
        until deadline: ContinuousClock.Instant
    ) -> Result<Bool, Errno> {
        while true {
            let left = deadline - ContinuousClock.now
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&waiting, 1, pollTimeout(left, atLeast: 0))
            if ready >= 0 { return .success(ready > 0) }
            guard errno == EINTR else { return .failure(.current) }
        }
    }
}

extension SystemCall {
    /// `left` as `poll(2)`'s timeout: whole milliseconds, rounded up, at least `minimum`.
    fileprivate static func pollTimeout(_ left: Duration, atLeast minimum: Int32) -> Int32 {
        max(Int32(clamping: Int64((left / .milliseconds(1)).rounded(.up))), minimum)
    }
}

extension Errno {
    /// The calling thread's `errno` now: what the C call just made failed with.
    package static var current: Errno { Errno(rawValue: errno) }
}

extension SystemCall {
    /// Blocks the calling thread until `done()` holds or `deadline` passes, asking again every
    /// `interval` (`poll(2)` on no descriptor, again with the time left when a signal
    /// interrupts it); whether `done()` held. The one polling wait of the synchronous commands
    /// (`daemon stop`, `daemon reload`, a lock's refusal) for what sends no event; never for
    /// the daemon's executor thread, which must not block (it waits on descriptors and
    /// `timerfd`s instead).
    package static func poll(
        every interval: Duration,
        until deadline: ContinuousClock.Instant,
        _ done: () throws -> Bool
    ) rethrows -> Bool {
        while true {
            if try done() { return true }
            let now = ContinuousClock.now
            guard now < deadline else { return false }
            let wake = min(now.advanced(by: interval), deadline)
            while ContinuousClock.now < wake {
                let left = wake - ContinuousClock.now
                _ = Glibc.poll(nil, 0, pollTimeout(left, atLeast: 1))
            }
        }
    }
}
