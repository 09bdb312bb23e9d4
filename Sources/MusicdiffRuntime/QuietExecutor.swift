import CLinux
import Glibc
import Synchronization

// The way back from the experimental executor SPI: built with `-DMUSICDIFF_DEFAULT_EXECUTOR`
// (or run with `MUSICDIFF_EXECUTOR=default`), the process keeps Swift's default executor and
// loses only its quiet idle (libdispatch's pool monitor then wakes it once a second).
#if !MUSICDIFF_DEFAULT_EXECUTOR
    @_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency

    /// The process's default executor: one thread that runs every task job, timed job and file
    /// readiness wait, and that blocks in `poll(2)` with no timeout while nothing is due.
    ///
    /// Swift's own default executor on Linux is libdispatch's global concurrent queue, whose
    /// first worker arms a one-second pool monitor for the life of the process: 60 wake-ups a
    /// minute of a daemon that waits for hours. This one wakes only for a job, a deadline
    /// (a `timerfd` per clock) or a descriptor it watches (``readable(_:)``). Nothing in the
    /// process may put work on dispatch's global or concurrent queues, for the same reason:
    /// `IdleWakeupTests` fails when the idle binary wakes.
    ///
    /// One thread means job priorities are ignored, which a daemon that mostly waits never
    /// notices; blocking work (libcurl, synchronous GDBus) runs on a thread of its own
    /// (``runBlocking(stop:_:)``).
    final class QuietExecutor: TaskExecutor, SchedulingExecutor, Sendable {
        /// A job to run at a deadline of one of the two clocks.
        private struct Timed {
            var clock: TimerClock
            var deadline: Int64
            var job: UnownedJob
        }

        /// The clocks a deadline is on: `ContinuousClock` counts suspended time
        /// (`CLOCK_BOOTTIME`), `SuspendingClock` does not (`CLOCK_MONOTONIC`).
        private enum TimerClock: Int, CaseIterable {
            case boot
            case monotonic

            var id: clockid_t { self == .boot ? CLOCK_BOOTTIME : CLOCK_MONOTONIC }

            /// Now, in nanoseconds.
            var now: Int64 {
                var spec = timespec()
                clock_gettime(id, &spec)
                return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
            }
        }

        /// A task waiting for a descriptor to become readable.
        private struct Watch {
            var descriptor: Int32
            var continuation: CheckedContinuation<Void, any Error>
        }

        private struct State {
            var ready: [UnownedJob] = []
            var timed: [Timed] = []
            var watches: [UInt64: Watch] = [:]
            /// Waits cancelled before they were registered.
            var cancelled: Set<UInt64> = []
            var nextWatch: UInt64 = 0
            /// Whether the thread is (about to be) blocked in `poll`: an enqueue must then write
            /// the event descriptor.
            var sleeping = false
            /// The deadline each timer descriptor is set to, if any.
            var armed: [Int64?] = [nil, nil]

            /// Whether the thread must be woken for new work; it then no longer counts as sleeping.
            mutating func takeSleeping() -> Bool {
                defer { sleeping = false }
                return sleeping
            }

            /// Moves the ready jobs, and the timed jobs whose deadline has passed, to `batch`.
            mutating func collect(into batch: inout [UnownedJob]) {
                swap(&batch, &ready)
                guard !timed.isEmpty else { return }
                let now = TimerClock.allCases.map(\.now)
                timed.removeAll { timed in
                    guard timed.deadline <= now[timed.clock.rawValue] else { return false }
                    batch.append(timed.job)
                    return true
                }
            }
        }

        private let state = Mutex(State())
        /// Written to wake the thread from `poll`.
        private let event: Int32
        /// One `timerfd` per ``TimerClock``.
        private let timers: [Int32]

        /// The executor installed as the process's default, if ``install()`` ran.
        static var installed: QuietExecutor? { shared.withLock { $0 } }
        private static let shared = Mutex<QuietExecutor?>(nil)

        /// Creates the executor and starts its thread.
        init() {
            event = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
            timers = TimerClock.allCases.map { timerfd_create($0.id, Int32(TFD_CLOEXEC | TFD_NONBLOCK)) }
            precondition(event >= 0 && timers.allSatisfy { $0 >= 0 }, "eventfd/timerfd: errno \(errno)")
            let box = Unmanaged.passRetained(self)
            var thread = pthread_t()
            let started = pthread_create(
                &thread,
                nil,
                { argument in
                    let executor = Unmanaged<QuietExecutor>.fromOpaque(argument!).takeRetainedValue()
                    executor.run()
                },
                box.toOpaque()
            )
            precondition(started == 0, "pthread_create: \(started)")
            pthread_detach(thread)
        }

        /// Makes a new executor the process's default. Call it first in `main`, before any task
        /// runs; later calls do nothing.
        static func install() {
            guard installed == nil else { return }
            shared.withLock { $0 = QuietExecutor() }
            _createExecutors(factory: Factory.self)
        }

        /// The factory `_createExecutors` asks: the platform's main executor (a custom one
        /// deadlocks `@MainActor` hops, which go through dispatch's main queue) and this one.
        private enum Factory: ExecutorFactory {
            static var mainExecutor: any MainExecutor { PlatformExecutorFactory.mainExecutor }
            static var defaultExecutor: any TaskExecutor { QuietExecutor.installed! }
        }

        // MARK: Enqueueing

        /// Runs `job` soon.
        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let wake = state.withLock { state in
                state.ready.append(job)
                return state.takeSleeping()
            }
            if wake { signal() }
        }

        /// Runs `job` once `delay` has passed on `clock`.
        func enqueue<C: Clock>(
            _ job: consuming ExecutorJob,
            after delay: C.Duration,
            tolerance: C.Duration?,
            clock: C
        ) {
            let timerClock: TimerClock = clock is SuspendingClock ? .monotonic : .boot
            let nanoseconds = (delay as? Duration).map(Self.nanoseconds) ?? 0
            schedule(
                UnownedJob(job),
                on: timerClock,
                at: timerClock.now.addingReportingOverflow(nanoseconds).partialValue
            )
        }

        /// Runs `job` at `instant` of `clock`.
        func enqueue<C: Clock>(
            _ job: consuming ExecutorJob,
            at instant: C.Instant,
            tolerance: C.Duration?,
            clock: C
        ) {
            let delay = clock.now.duration(to: instant)
            enqueue(job, after: delay, tolerance: tolerance, clock: clock)
        }

        private func schedule(_ job: UnownedJob, on clock: TimerClock, at deadline: Int64) {
            let wake = state.withLock { state in
                state.timed.append(Timed(clock: clock, deadline: deadline, job: job))
                return state.takeSleeping()
            }
            if wake { signal() }
        }

        private static func nanoseconds(_ duration: Duration) -> Int64 {
            let (seconds, attoseconds) = duration.components
            guard seconds < 9_000_000_000 else { return Int64.max / 2 }
            return max(seconds, 0) * 1_000_000_000 + max(attoseconds, 0) / 1_000_000_000
        }

        // MARK: Descriptors

        /// Returns once `descriptor` is readable (or has hung up or failed), or throws
        /// `CancellationError` when the task is cancelled. The caller keeps the descriptor open
        /// until this returns.
        func readable(_ descriptor: Int32) async throws {
            let id = state.withLock { state in
                state.nextWatch += 1
                return state.nextWatch
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation {
                    (continuation: CheckedContinuation<Void, any Error>) in
                    let (wake, cancelled) = state.withLock { state in
                        if state.cancelled.remove(id) != nil { return (false, true) }
                        state.watches[id] = Watch(descriptor: descriptor, continuation: continuation)
                        return (state.takeSleeping(), false)
                    }
                    if cancelled { continuation.resume(throwing: CancellationError()) }
                    if wake { signal() }
                }
            } onCancel: {
                let watch = state.withLock { state in
                    guard let watch = state.watches.removeValue(forKey: id) else {
                        state.cancelled.insert(id)
                        return Watch?.none
                    }
                    return watch
                }
                watch?.continuation.resume(throwing: CancellationError())
            }
        }

        // MARK: The thread

        private func signal() {
            var one: UInt64 = 1
            _ = write(event, &one, 8)
        }

        private func run() -> Never {
            var batch: [UnownedJob] = []
            var descriptors: [pollfd] = []
            var watched: [UInt64] = []
            while true {
                let hasWork = state.withLock { state in
                    state.collect(into: &batch)
                    if !batch.isEmpty { return true }
                    arm(&state)
                    descriptors = [event, timers[0], timers[1]].map {
                        pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
                    }
                    watched = Array(state.watches.keys)
                    for id in watched {
                        descriptors.append(
                            pollfd(fd: state.watches[id]!.descriptor, events: Int16(POLLIN), revents: 0)
                        )
                    }
                    state.sleeping = true
                    return false
                }
                if hasWork {
                    for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
                    batch.removeAll(keepingCapacity: true)
                    continue
                }
                let count = poll(&descriptors, nfds_t(descriptors.count), -1)
                state.withLock { $0.sleeping = false }
                guard count > 0 else { continue }
                var drained: UInt64 = 0
                for index in 0..<3 where descriptors[index].revents != 0 {
                    _ = read(descriptors[index].fd, &drained, 8)
                    if index > 0 { state.withLock { $0.armed[index - 1] = nil } }
                }
                let woken = state.withLock { state in
                    descriptors.indices.dropFirst(3).compactMap { index -> Watch? in
                        guard descriptors[index].revents != 0 else { return nil }
                        return state.watches.removeValue(forKey: watched[index - 3])
                    }
                }
                for watch in woken { watch.continuation.resume() }
            }
        }

        /// Sets each clock's timer to its earliest deadline (disarmed when it has none).
        private func arm(_ state: inout State) {
            for clock in TimerClock.allCases {
                let earliest = state.timed.lazy.filter { $0.clock == clock }.map(\.deadline).min()
                guard earliest != state.armed[clock.rawValue] else { continue }
                var spec = itimerspec()
                if let earliest {
                    spec.it_value = timespec(
                        tv_sec: Int(earliest / 1_000_000_000),
                        tv_nsec: Int(max(earliest % 1_000_000_000, 1))
                    )
                }
                timerfd_settime(timers[clock.rawValue], Int32(TFD_TIMER_ABSTIME), &spec, nil)
                state.armed[clock.rawValue] = earliest
            }
        }
    }

#endif

/// The executors of the process.
package enum Executors {
    /// The environment variable that keeps Swift's default executor when it says `default`.
    package static let variable = "MUSICDIFF_EXECUTOR"

    /// Makes a ``QuietExecutor`` the process's default executor, unless this build has none
    /// (`-DMUSICDIFF_DEFAULT_EXECUTOR`) or `MUSICDIFF_EXECUTOR=default` asks for Swift's own.
    /// Call it first in `main`, before any task runs; later calls do nothing.
    package static func installQuiet() {
        #if !MUSICDIFF_DEFAULT_EXECUTOR
            if let value = getenv(variable), String(cString: value) == "default" { return }
            QuietExecutor.install()
        #endif
    }

    #if !MUSICDIFF_DEFAULT_EXECUTOR
        /// A new ``QuietExecutor`` with a thread of its own, not the process's default: for
        /// tests that run the daemon's loop on the daemon's kind of executor
        /// (`Task(executorPreference:)`), out of reach of Swift's busy global pool.
        package static func dedicated() -> any TaskExecutor { QuietExecutor() }
    #endif

    /// Whether the process runs on the ``QuietExecutor``: false before ``installQuiet()``, in
    /// a build without it, and with `MUSICDIFF_EXECUTOR=default`.
    package static var isQuiet: Bool {
        #if MUSICDIFF_DEFAULT_EXECUTOR
            false
        #else
            QuietExecutor.installed != nil
        #endif
    }
}
