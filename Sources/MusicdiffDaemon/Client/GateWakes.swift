import Foundation
import MusicdiffRuntime

/// What wakes a gate that waits for its policy or watches its command: a sensor's change, the
/// time its last decision named, or `--timeout`. Asleep in between: the timers are `timerfd`s
/// (``Timers``), a cancelled one wakes nothing. Used by one task, closed when it is done.
final class GateWakes {
    /// Why the gate woke.
    enum Wake: Sendable, Equatable {
        /// A sensor's reading changed.
        case change
        /// The time named with ``check(at:)`` came.
        case check
        /// The timeout given at the start ran out.
        case timeout
    }

    private let wake: AsyncStream<Wake>.Continuation
    private var woken: AsyncStream<Wake>.Iterator
    private var tasks: [Task<Void, Never>] = []
    private var check: Task<Void, Never>?

    /// Starts following `sensors`' changes (and a `timeout`, if given).
    init(following sensors: any DaemonSensors, timeout: Duration? = nil) {
        let (wakes, wake) = AsyncStream<Wake>.makeStream()
        self.wake = wake
        woken = wakes.makeAsyncIterator()
        let changes = sensors.changes()
        tasks.append(
            Task(executorPreference: PreferredExecutor.current) {
                for await _ in changes { wake.yield(.change) }
            }
        )
        if let timeout {
            tasks.append(
                Task(executorPreference: PreferredExecutor.current) {
                    if (try? await Timers.sleep(for: timeout)) != nil { wake.yield(.timeout) }
                }
            )
        }
    }

    deinit { close() }

    /// Wakes the gate at `date` (wall clock), instead of the time named before.
    func check(at date: Date) {
        check?.cancel()
        let wake = self.wake
        check = Task(executorPreference: PreferredExecutor.current) {
            if (try? await Timers.sleep(untilWallClock: date.timeIntervalSince1970)) != nil {
                wake.yield(.check)
            }
        }
    }

    /// The next wake; nil once the calling task is cancelled.
    func next() async -> Wake? { await woken.next() }

    /// Stops following and cancels the timers.
    func close() {
        tasks.forEach { $0.cancel() }
        check?.cancel()
        wake.finish()
    }
}
