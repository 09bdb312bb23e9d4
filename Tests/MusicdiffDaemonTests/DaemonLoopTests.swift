import Foundation
import Logging
import MusicdiffCore
import MusicdiffRuntime
import MusicdiffSensors
import Synchronization
import Testing

@testable import MusicdiffDaemon

/// A wall clock the test moves by hand: `sleep(until:)` returns once the test has advanced
/// the time to the deadline, and the test can wait for the loop to be asleep.
final class ManualWallClock: WallClock {
    private struct Sleeper {
        let deadline: Date
        let wake: OneShot
        let id = UUID()
    }

    private let state: Mutex<(now: Date, sleepers: [Sleeper])>

    init(now: Date) { state = Mutex((now, [])) }

    func now() -> Date { state.withLock { $0.now } }

    /// What the test says the machine has spent suspended.
    let suspended = Mutex<Duration>(.zero)

    func suspendedSinceBoot() -> Duration { suspended.withLock { $0 } }

    func sleep(until deadline: Date) async throws {
        let sleeper = Sleeper(deadline: deadline, wake: OneShot())
        let due = state.withLock { state -> Bool in
            if deadline <= state.now { return true }
            state.sleepers.append(sleeper)
            return false
        }
        if due { return }
        try await withTaskCancellationHandler {
            try await sleeper.wake.wait()
        } onCancel: {
            state.withLock { $0.sleepers.removeAll { $0.id == sleeper.id } }
            sleeper.wake.finish(.failure(CancellationError()))
        }
    }

    /// Waits until the loop sleeps until `deadline` and nothing earlier; false after `timeout`.
    func sleeps(until deadline: Date, within timeout: Duration = .seconds(60)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if state.withLock({ $0.sleepers.map(\.deadline).min() }) == deadline { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return state.withLock({ $0.sleepers.map(\.deadline).min() }) == deadline
    }

    /// Sets the clock to `date`, waking every sleeper as `TFD_TIMER_CANCEL_ON_SET` does.
    func set(to date: Date) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = date
            defer { state.sleepers.removeAll() }
            return state.sleepers
        }
        woken.forEach { $0.wake.finish(.success(())) }
    }

    /// Moves the time to `date`, waking every sleeper whose deadline has come.
    func advance(to date: Date) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = date
            let woken = state.sleepers.filter { $0.deadline <= date }
            state.sleepers.removeAll { $0.deadline <= date }
            return woken
        }
        woken.forEach { $0.wake.finish(.success(())) }
    }
}

/// A sync engine that returns the outcomes it is given, one per run, and counts its runs.
final class ScriptedEngine: SyncEngine {
    private let outcomes: Mutex<[SyncRun.Outcome]>
    let runs = Mutex(0)

    init(_ outcomes: [SyncRun.Outcome]) { self.outcomes = Mutex(outcomes) }

    func sync(_ request: SyncRequest) async -> SyncResult {
        runs.withLock { $0 += 1 }
        let outcome = outcomes.withLock { $0.isEmpty ? .success : $0.removeFirst() }
        return SyncResult(outcome: outcome, changesApplied: outcome == .success ? 1 : nil)
    }
}

@Suite struct DaemonLoopTests {
    let scratch: ScratchFolder
    let folder: String
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        scratch = try ScratchFolder("musicdiff-loop")
        folder = scratch.path
    }

    func loop(
        clock: any WallClock,
        engine: ScriptedEngine,
        interval: Duration = .seconds(3600),
        service: ServiceNotifier = .none,
        events: LoopEvents = LoopEvents()
    )
        throws -> (DaemonLoop, StateStore)
    {
        let home = MusicdiffHome(path: folder)
        let store = try StateStore.open(path: home.stateFile)
        let settings = DaemonSettings(
            config: Config(),
            plan: SchedulePlan(schedule: .interval(interval), timeZone: TimeZone(identifier: "UTC")!),
            cronText: nil,
            policy: nil
        )
        var parts = DaemonLoop.Parts(
            home: home,
            options: DaemonOptions(),
            store: store,
            clock: clock,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            makeEngine: { _ in engine },
            makeSensors: {
                MachineSensors(paths: SensorPaths(), memory: FileInputActivityMemory(path: "/dev/null"))
            }
        )
        parts.service = service
        parts.onEvent = { events.record($0) }
        return (DaemonLoop(parts: parts, settings: settings), store)
    }

    @Test func syncsAtOnceThenSleepsUntilTheNextDueTimeAndSyncsThen() async throws {
        let clock = ManualWallClock(now: start)
        let engine = ScriptedEngine([.success, .success])
        let (loop, store) = try loop(clock: clock, engine: engine)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }

        #expect(await clock.sleeps(until: start + 3600))
        #expect(engine.runs.withLock { $0 } == 1)
        clock.advance(to: start + 3600)
        #expect(await clock.sleeps(until: start + 7200))
        #expect(engine.runs.withLock { $0 } == 2)
        #expect(try store.recentRuns(limit: 5).map(\.outcome) == [.success, .success])
    }

    @Test func failuresBackOffAndASuccessReturnsToTheInterval() async throws {
        let clock = ManualWallClock(now: start)
        let engine = ScriptedEngine([.failed, .crashed, .success])
        let (loop, store) = try loop(clock: clock, engine: engine)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }

        #expect(await clock.sleeps(until: start + 60))
        clock.advance(to: start + 60)
        #expect(await clock.sleeps(until: start + 60 + 120))
        clock.advance(to: start + 180)
        #expect(await clock.sleeps(until: start + 180 + 3600))
        #expect(try store.scheduleState()?.consecutiveFailures == 0)
        #expect(try store.recentRuns(limit: 5).map(\.outcome) == [.success, .crashed, .failed])
    }

    @Test func aRestartAfterDowntimeCatchesUpOnceFromThePersistedDueTime() async throws {
        let clock = ManualWallClock(now: start)
        let engine = ScriptedEngine([])
        do {
            let (loop, store) = try loop(clock: clock, engine: engine)
            try store.saveScheduleState(ScheduleState(nextDue: start - 3 * 86_400))
            let task = onLoopExecutor { await loop.loop() }
            #expect(await clock.sleeps(until: start + 3600))
            task.cancel()
            await task.value
        }
        #expect(engine.runs.withLock { $0 } == 1, "three missed days are one sync")
    }

    @Test func aClockSetBackwardsDoesNotStrandTheDueTime() async throws {
        let clock = ManualWallClock(now: start)
        let engine = ScriptedEngine([])
        let (loop, _) = try loop(clock: clock, engine: engine)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await clock.sleeps(until: start + 3600))
        // The clock is set a year back; the sleeper wakes, as timerfd's does on a clock change.
        let past = start - 365 * 86_400
        clock.set(to: past)
        #expect(await clock.sleeps(until: past + 3600))
    }

    /// systemd's watchdog (a ping every 60 s) is one more deadline of the loop's wait: the loop
    /// wakes to ping and sleeps on to the due time, syncing nothing more and saying nothing new.
    /// Without one, the other tests see the loop sleep to the due time and nothing earlier.
    @Test func theWatchdogIsOneMoreDeadlineOfTheWait() async throws {
        let clock = ManualWallClock(now: start)
        let engine = ScriptedEngine([])
        let events = LoopEvents()
        let service = ServiceNotifier(socketPath: nil, watchdogEvery: .seconds(60))
        let (loop, _) = try loop(clock: clock, engine: engine, service: service, events: events)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }

        #expect(await clock.sleeps(until: start + 60))
        #expect(events.count { $0 == .watchdog } == 1)
        for minute in 1...3 {
            clock.advance(to: start + Double(60 * minute))
            #expect(await clock.sleeps(until: start + Double(60 * (minute + 1))))
        }
        #expect(events.count { $0 == .watchdog } == 4)
        #expect(engine.runs.withLock { $0 } == 1)
        let statuses = events.all.compactMap { if case .status(let text) = $0 { text } else { nil } }
        #expect(statuses.count == 2 && statuses[0].hasPrefix("syncing since "), "\(statuses)")
        #expect(statuses.last?.hasPrefix("next sync ") == true, "\(statuses)")
    }
}
