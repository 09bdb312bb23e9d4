import Foundation
import Glibc
import Synchronization
import Testing

@testable import MusicdiffDaemon

/// The real wall clock seen through an offset the test moves: `now()` is the system time plus
/// the offset, and a sleep waits on the daemon's own timer (``SystemWallClock``, a `timerfd`
/// with `TFD_TIMER_CANCEL_ON_SET`) until the deadline less the offset, so that setting the
/// system clock ends it as it ends the daemon's.
final class ShiftedWallClock: WallClock {
    /// Added to the system time.
    let offset = Mutex<TimeInterval>(0)
    /// The deadline of the latest sleep, in the shifted time.
    let armed = Mutex<Date?>(nil)

    func now() -> Date { Date() + offset.withLock { $0 } }

    func sleep(until deadline: Date) async throws {
        let shift = offset.withLock { $0 }
        armed.withLock { $0 = deadline }
        try await SystemWallClock().sleep(until: deadline - shift)
    }

    /// Waits until the latest sleep's deadline satisfies `condition`; false after `timeout`.
    /// `meanwhile` runs between looks (the test sets the clock there).
    func armed(
        within timeout: Duration = .seconds(30),
        meanwhile: () -> Void = {},
        _ condition: (Date) -> Bool
    ) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if let deadline = armed.withLock({ $0 }), condition(deadline) { return true }
            meanwhile()
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}

/// Setting the system clock: allowed with `CAP_SYS_TIME`, and asked for by
/// `MUSICDIFF_SET_CLOCK=1` (`.ci/run` runs these tests alone, after the others, whose
/// wall-clock sleeps a set clock would wake).
enum ClockSetting {
    static let allowed: Bool = {
        guard ProcessInfo.processInfo.environment["MUSICDIFF_SET_CLOCK"] == "1",
            let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << 25) != 0  // CAP_SYS_TIME
    }()

    /// Sets the system clock to what it reads now: it moves by microseconds, and every
    /// `TFD_TIMER_CANCEL_ON_SET` timer of the machine ends.
    static func setToNow() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        _ = clock_settime(CLOCK_REALTIME, &now)
    }
}

extension DaemonLoopTests {
    /// The clock-change path through the real `timerfd`: the loop sleeps an hour on it; the test
    /// moves its time a year back, which alone wakes nothing, then sets the system clock (to
    /// the time it reads), which ends the timer: the loop plans again from the new time.
    @Test(.enabled(if: ClockSetting.allowed, "sets the system clock: .ci/run runs it alone"))
    func aSetSystemClockWakesTheLoopsRealTimerAndItPlansAgain() async throws {
        let clock = ShiftedWallClock()
        let engine = ScriptedEngine([.success])
        let (loop, _) = try loop(clock: clock, engine: engine)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await clock.armed { $0 > Date() + 3000 }, "the loop sleeps an hour after its sync")

        let yearBack: TimeInterval = -365 * 86_400
        clock.offset.withLock { $0 = yearBack }
        let replanned = await clock.armed(meanwhile: ClockSetting.setToNow) {
            $0 < Date() + yearBack + 3700
        }
        #expect(replanned, "the loop sleeps until an hour after the new time")
        #expect(engine.runs.withLock { $0 } == 1, "a set clock starts no sync")
    }
}
