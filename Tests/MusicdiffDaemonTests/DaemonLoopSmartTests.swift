import Foundation
import Logging
import MusicdiffSensors
import Synchronization
import Testing

@testable import MusicdiffCore
@testable import MusicdiffDaemon

/// Smart mode in process: fake sensors, a manual wall clock, a job that runs until stopped;
/// the tests await the loop's own events.
@Suite struct DaemonLoopSmartTests {
    let scratch: ScratchFolder
    let folder: String
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let sensors = FakeSensors()
    let engine = StoppableEngine()
    let events = LoopEvents()

    /// Starts at 40 % on battery, stops below 25 %, and on a metered network.
    static let policy = Policy(
        name: "test",
        network: NetworkRule(require: .unmetered),
        battery: BatteryRule(onBattery: .allow, minPercent: 40),
        poll: .seconds(60),
        whileRunning: WhileRunning(
            network: NetworkRule(require: .unmetered),
            battery: RunningBatteryRule(minPercent: 25),
            grace: .seconds(1)
        )
    )

    init() throws {
        scratch = try ScratchFolder("musicdiff-smart")
        folder = scratch.path
    }

    func loop(clock: ManualWallClock, policy: Policy = Self.policy) throws -> (DaemonLoop, StateStore) {
        let home = MusicdiffHome(path: folder)
        let store = try StateStore.open(path: home.stateFile)
        let settings = DaemonSettings(
            config: Config(),
            plan: SchedulePlan(schedule: .interval(.seconds(3600)), timeZone: TimeZone(identifier: "UTC")!),
            cronText: nil,
            policy: PolicyResolver.Resolved(policy: policy, origin: .shipped)
        )
        let sensors = self.sensors
        let engine = self.engine
        var parts = DaemonLoop.Parts(
            home: home,
            options: DaemonOptions(),
            store: store,
            clock: clock,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            makeEngine: { _ in engine },
            makeSensors: { sensors }
        )
        parts.onEvent = { [events] in events.record($0) }
        return (DaemonLoop(parts: parts, settings: settings), store)
    }

    static func started(_ event: LoopEvent) -> Bool { event == .syncStarted }
    static func stopped(_ event: LoopEvent) -> Bool { event == .syncEnded(.stopped) }

    @Test func aBlockedSyncStartsOnTheSensorEventThatClearsIt() async throws {
        let (task, _) = try await blockedThenCleared()
        task.cancel()
    }

    @Test func aMeteredNetworkMidRunStopsTheJobAndTheSyncStaysDue() async throws {
        let clock = ManualWallClock(now: start)
        let (loop, store) = try loop(clock: clock)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        await meteredMidRun()
        let run = try #require(try store.recentRuns(limit: 1).first)
        #expect(run.outcome == .stopped)
        #expect(run.message == "the network turned metered (yes)")
        #expect(try store.scheduleState()?.consecutiveFailures == 0, "a stop is no failure: no back-off")
        #expect(try store.scheduleState()?.dueSince == start, "still due, since when it first was")
        #expect(await events.wait { $0 == .decided(shouldSync: false, blockers: ["network"]) })
        sensors.network(metered: .no)
        #expect(await events.wait(for: 2, Self.started), "it starts again as soon as the policy allows")
    }

    @Test func aBatteryHoveringAtTheLimitsStartsOnceAndStopsOnce() async throws {
        sensors.battery(onBattery: true, 45)
        let (loop, _) = try loop(clock: ManualWallClock(now: start))
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        #expect(await events.wait { $0 == .runChecked(stop: nil) })
        let readings: [Double] = [
            26, 25.5, 25.2, 26, 25.8, 25.1, 25.4, 26, 25.9, 25.3, 24.8, 25.6, 26, 24.2, 25.1, 24.5, 26, 25,
            24.9, 26,
            24.1, 25.7,
        ]
        for (index, percent) in readings.enumerated() {
            let checks = events.count { if case .runChecked = $0 { true } else { false } }
            let decisions = events.count { if case .decided = $0 { true } else { false } }
            sensors.battery(onBattery: true, percent)
            // Each reading is judged (by the run watcher, or by the start gate after the stop)
            // before the next one comes.
            #expect(
                await events.wait {
                    _ = $0
                    return events.count { if case .runChecked = $0 { true } else { false } } > checks
                        || events.count { if case .decided = $0 { true } else { false } } > decisions
                },
                "reading \(index) (\(percent) %) was judged"
            )
        }
        #expect(events.count(Self.started) == 1, "\(events.all)")
        #expect(events.count(Self.stopped) == 1, "\(events.all)")
    }

    @Test func anUnknownReadingDoesNotStopARunButALoadRuleIsNotWatched() async throws {
        let (loop, _) = try loop(clock: ManualWallClock(now: start))
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        #expect(await events.wait { $0 == .runChecked(stop: nil) })
        sensors.networkUnknown()
        #expect(await events.wait(for: 2) { $0 == .runChecked(stop: nil) })
        sensors.load(5)
        #expect(await events.wait(for: 3) { $0 == .runChecked(stop: nil) })
        #expect(events.count(Self.stopped) == 0)
        #expect(await engine.running())
        engine.finish(SyncResult(outcome: .success))
        #expect(await events.wait { $0 == .syncEnded(.success) })
    }

    @Test func aGracefulShutdownDuringAWatchedRunRecordsItInterrupted() async throws {
        let (loop, store) = try loop(clock: ManualWallClock(now: start))
        let task = onLoopExecutor { await loop.loop() }
        #expect(await events.wait(Self.started))
        task.cancel()
        await task.value
        #expect(try store.recentRuns(limit: 1).first?.outcome == .interrupted)
    }

    @Test func aReloadThatDropsWhileRunningLetsTheJobRunOn() async throws {
        let (loop, _) = try loop(clock: ManualWallClock(now: start))
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        var relaxed = Self.policy
        relaxed.whileRunning = nil
        loop.settings.withLock { $0.policy = PolicyResolver.Resolved(policy: relaxed, origin: .shipped) }
        loop.inbox.post(.settingsChanged)
        sensors.network(metered: .yes)
        #expect(await engine.running())
        engine.finish(SyncResult(outcome: .success))
        #expect(await events.wait { $0 == .syncEnded(.success) })
        #expect(events.count(Self.stopped) == 0)
    }

    @Test func afterAResumeNoSyncStartsUntilTheSettlePeriodIsOver() async throws {
        let clock = ManualWallClock(now: start)
        var policy = Self.policy
        policy.settle = .seconds(120)
        let (loop, store) = try loop(clock: clock, policy: policy)
        sensors.network(metered: .yes)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait { $0 == .decided(shouldSync: false, blockers: ["network"]) })
        loop.noteResume(how: "logind")
        #expect(await events.wait { $0 == .sleep(preparing: false) })
        sensors.network(metered: .no)
        #expect(await clock.sleeps(until: start + 120))
        #expect(events.count(Self.started) == 0)
        #expect(events.all.contains(.status(LoopStatus.settling(until: start + 120).text(now: start))))
        #expect(try store.value(StateStore.Key.settleUntil) == String((start + 120).timeIntervalSince1970))
        clock.advance(to: start + 120)
        #expect(await events.wait(Self.started))
    }

    @Test func aSuspendStopsTheRunReleasesTheLockAndTheResumeSettlesFirst() async throws {
        let clock = ManualWallClock(now: start)
        var policy = Self.policy
        policy.settle = .seconds(120)
        let (loop, store) = try loop(clock: clock, policy: policy)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        #expect(await engine.running())
        #expect(sensors.holds == 1, "the sleep delay lock is held while the job runs")
        sensors.prepareForSleep(true)
        #expect(await events.wait(Self.stopped))
        #expect(try store.recentRuns(limit: 1).first?.message == "the machine is going to sleep")
        #expect(await eventually { sensors.holds == 0 }, "released once the job is gone")
        #expect(events.count(Self.started) == 1, "nothing starts before the suspend")
        clock.advance(to: start + 30)
        sensors.prepareForSleep(false)
        #expect(await clock.sleeps(until: start + 30 + 120), "settling after the resume")
        #expect(events.count(Self.started) == 1)
        clock.advance(to: start + 150)
        #expect(await events.wait(for: 2, Self.started))
    }

    @Test func onSleepIgnoreTakesNoLockAndLetsTheRunGoOn() async throws {
        var policy = Self.policy
        policy.whileRunning?.onSleep = .ignore
        let (loop, _) = try loop(clock: ManualWallClock(now: start), policy: policy)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        #expect(await engine.running())
        #expect(sensors.holds == 0)
        sensors.prepareForSleep(true)
        #expect(await events.wait { $0 == .sleep(preparing: true) })
        engine.finish(SyncResult(outcome: .success))
        #expect(await events.wait { $0 == .syncEnded(.success) })
    }

    @Test func withoutLogindAJumpOfTheBootTimeClockCountsAsAResume() async throws {
        let clock = ManualWallClock(now: start)
        var policy = Self.policy
        policy.settle = .seconds(120)
        let (loop, _) = try loop(clock: clock, policy: policy)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        #expect(await engine.running())
        engine.finish(SyncResult(outcome: .success))
        #expect(await clock.sleeps(until: start + 3600))
        // The machine slept through the due time: wall clock and boot clock jump together.
        clock.suspended.withLock { $0 = .seconds(3 * 3600) }
        clock.advance(to: start + 3 * 3600)
        #expect(await clock.sleeps(until: start + 3 * 3600 + 120), "settling after the detected resume")
        #expect(events.count(Self.started) == 1)
        clock.advance(to: start + 3 * 3600 + 120)
        #expect(await events.wait(for: 2, Self.started))
    }
}
