import Foundation
import Logging
import MusicdiffCore
import MusicdiffSensors
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The daemon's tick loop, as a service: sleeps until the next due time, runs the sync, and
/// in smart mode gates a due sync with the policy, re-deciding on every sensor change event
/// and on the policy's poll tick, never on a fixed one-second loop.
public final class DaemonLoop: Service, Sendable {
    /// What the loop is built from; tests give their own clock, engine and sensors.
    public struct Parts: Sendable {
        /// `$MUSICDIFF_HOME`.
        public var home: MusicdiffHome
        /// The daemon's flags, re-applied on each reload.
        public var options: DaemonOptions
        /// The state store, open for writing.
        public var store: StateStore
        /// The lock on `daemon.pid`, put back when the file goes; nil in tests that take none.
        public var pidLock: PidLock?
        /// The wall clock.
        public var clock: any WallClock
        /// The log.
        public var logger: Logger
        /// The sync job for a config's `sync:` section.
        public var makeEngine: @Sendable (Config.Sync) -> any SyncEngine
        /// The sensors, made when smart mode first needs them.
        public var makeSensors: @Sendable () -> any DaemonSensors
        /// Called once the loop runs and its signal handlers are in place.
        public var onReady: @Sendable () -> Void = {}
        /// Told what the loop does, as it does it.
        public var onEvent: @Sendable (LoopEvent) -> Void = { _ in }
        /// systemd's notification socket and watchdog; `.none` outside systemd.
        public var service: ServiceNotifier = .none
        /// The notifiers for a config's `daemon:` section, used after a run with conflicts.
        public var makeNotifiers: @Sendable (Config.Daemon) -> [any ConflictNotifier] = ConflictNotifiers.make

        /// Creates the parts.
        public init(
            home: MusicdiffHome,
            options: DaemonOptions,
            store: StateStore,
            clock: any WallClock,
            logger: Logger,
            makeEngine: @escaping @Sendable (Config.Sync) -> any SyncEngine,
            makeSensors: @escaping @Sendable () -> any DaemonSensors
        ) {
            self.home = home
            self.options = options
            self.store = store
            self.clock = clock
            self.logger = logger
            self.makeEngine = makeEngine
            self.makeSensors = makeSensors
        }
    }

    let parts: Parts
    let settings: Mutex<DaemonSettings>
    let sensors = Mutex<(any DaemonSensors)?>(nil)
    let waker = Waker()
    let unsaved: UnsavedRuns
    let resume = Mutex(ResumeState())
    let outsideRuns = Mutex(OutsideRuns())
    /// The running sync's control, while one runs.
    let currentRun = Mutex<RunControl?>(nil)
    /// After a `while_running` stop, what keeps the sync from starting again at once.
    let stopHold = Mutex<HeldSync?>(nil)
    /// The last `STATUS=` line told, and when the watchdog was last pinged.
    let lastStatus = Mutex<String?>(nil)
    let lastPing = Mutex<Date?>(nil)
    /// The reloads done and how the last went, for `musicdiff daemon reload` (on `daemon.sock`).
    let reloads = Mutex(ReloadRecord(pid: getpid()))
    /// Whether `READY=1` went out; it goes with the first `STATUS=` line.
    let toldReady = Mutex(false)
    var logger: Logger { parts.logger }
    var store: StateStore { parts.store }

    /// Creates the loop with settings already validated.
    public init(parts: Parts, settings: DaemonSettings) {
        self.parts = parts
        self.settings = Mutex(settings)
        self.unsaved = UnsavedRuns(path: parts.home.unsavedRuns)
    }

    /// Runs until graceful shutdown (SIGTERM, SIGINT): a running sync is then stopped and
    /// recorded as interrupted. SIGHUP reloads the config and policy.
    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let outside = await UnixSignalsSequence(trapping: .sigusr1)
        parts.onReady()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watchReloads(hangups) }
                group.addTask { await self.watchOutsideRuns(outside) }
                group.addTask { await self.serveReadings() }
                await cancelWhenGracefulShutdown { await self.loop() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.parts.service.stopping(status: "stopping")
        }
        if flushUnsaved() {
            // Only a store that takes writes gets the stop: a locked one must not hold it up.
            recordLifecycle(.daemonStop)
        } else {
            logger.error(
                "The state store still refuses a run's record; it is kept in \(parts.home.unsavedRuns) for the next start"
            )
        }
        sensors.withLock { $0 }?.stop()
        logger.info("Daemon stopped")
    }

    /// The loop proper, until cancelled.
    func loop() async {
        if settings.withLock({ $0.policy != nil }) {
            // The first decision must see the services, not the moment before they answer.
            await startSensors()?.waitUntilReady(timeout: .seconds(5))
        }
        await recoverLeftovers()
        var state = startState()
        recordLifecycle(.daemonStart)
        var planned = settings.withLock { $0.scheduleKey }
        var saved: ScheduleState?
        logger.info("MusicDiff daemon started (\(settings.withLock { $0.summary }))")
        var lastBlockers: [String]?
        // A sensor event that leaves the decision as it was records no tick.
        var wokenBy: WakeReason?
        var recorded: RecordedDecision?
        var trimmedAt = Date.distantPast
        var memory = ResidentMemory()
        while !Task.isCancelled {
            let woken = wokenBy
            wokenBy = nil
            let settings = self.settings.withLock { $0 }
            let now = parts.clock.now()
            checkBootClock(now: now)
            recordSettle(at: now)
            state = takeOutsideRuns(state, plan: settings.plan)
            state = replanned(state, for: settings, planned: &planned)
            // A clock set backwards (timerfd wakes us when it is set) must not leave the due
            // time a year away; then mark the sync due if its time has come.
            state = settings.plan.markDue(settings.plan.normalized(state, now: now), now: now)
            flushUnsaved()
            if state != saved, save(state) { saved = state }
            if settings.policy != nil, now >= state.nextDue, let until = settling(at: now) {
                // Right after a resume the machine's own work and a returning user come first.
                announce(until == .distantFuture ? .asleep : .settling(until: until))
                await wait(until: until, for: [.reload, .sensor])
                continue
            }
            var decision: Decision?
            var held: Verdict?
            if let resolved = settings.policy, now >= state.nextDue {
                let made: Decision
                (made, held) = decide(
                    resolved.policy,
                    state: state,
                    now: now,
                    unlessSame: woken == .sensor ? recorded : nil
                )
                decision = made
                recorded = RecordedDecision(made)
                lastBlockers = report(decision!, previous: lastBlockers)
            }
            switch TickAction.next(
                state: state,
                now: now,
                decision: decision,
                policy: settings.policy?.policy,
                held: held != nil
            ) {
            case .runSync:
                lastBlockers = nil
                trimmedAt = .distantPast
                guard let result = await runSync(settings, dueSince: state.dueSince) else {
                    await wait(
                        until: now.adding(settings.policy?.policy.poll ?? Policy.defaultPoll),
                        for: [.reload]
                    )
                    continue
                }
                if result.outcome == .interrupted { return }
                if result.outcome == .stopped {
                    // Not a failure: still due, and the policy decides when it starts again.
                    state = settings.plan.afterStop(state, now: parts.clock.now())
                    if save(state) { saved = state }
                    continue
                }
                state = settings.plan.afterRun(
                    state,
                    succeeded: result.outcome.isSuccess,
                    now: parts.clock.now(),
                    jitterFraction: Double.random(in: 0..<1)
                )
                if save(state) { saved = state }
                let wait = max(state.nextDue.duration(since: parts.clock.now()), .zero)
                logger.info("Next sync in \(DurationText.format(.seconds((wait / .seconds(1)).rounded())))")
            case .sleep(let until), .waitForTime(let until):
                announce(
                    decision.map { .blocked(dueSince: state.dueSince, decision: $0) } ?? .nextSync(until)
                )
                if until.timeIntervalSince(now) >= ResidentMemory.worthwhile.seconds { memory.trim() }
                await wait(until: retryTime(until, pending: state != saved), for: [.reload])
            case .waitForChange(let until):
                if let decision { announce(blocked: decision, held: held, dueSince: state.dueSince) }
                // Blocked until a sensor event or the next poll tick. The libraries' pages
                // this tick touched (and the kernel's fault-around brought in) go back before
                // each wait; the program's own, its tick's code, only at most every
                // ``ResidentMemory/blockedInterval``, after a burst of events once it is over.
                let deadline = retryTime(until, pending: state != saved)
                let trimAt = trimmedAt.adding(ResidentMemory.blockedInterval)
                if now >= trimAt {
                    memory.trim()
                    trimmedAt = now
                } else {
                    memory.trim(sparingProgram: true)
                    if woken == .sensor, trimAt < deadline {
                        wokenBy = await wait(until: trimAt, for: [.reload, .sensor])
                        guard wokenBy == nil, parts.clock.now() >= trimAt else { continue }
                        memory.trim()
                        trimmedAt = parts.clock.now()
                    }
                }
                wokenBy = await wait(until: deadline, for: [.reload, .sensor])
                continue
            }
        }
    }

    /// Sleeps until `deadline` or a wake-up among `reasons`, whichever comes first; returns
    /// the wake-up's reason, nil for the deadline (or a clock change, or cancellation). With
    /// systemd's watchdog, its next ping is one more deadline: the wait pings and sleeps on.
    @discardableResult
    func wait(until deadline: Date, for reasons: Set<WakeReason>) async -> WakeReason? {
        while true {
            let wake = min(deadline, pingWatchdog(now: parts.clock.now()) ?? .distantFuture)
            let woken = await sleep(until: wake, orWakeFor: reasons)
            // Anything but the ping's own deadline (a wake-up, a clock set) returns to the loop.
            guard woken == nil, wake < deadline, parts.clock.now() >= wake, !Task.isCancelled else {
                return woken
            }
        }
    }

    /// The schedule state to start from: the persisted one, made safe, or a fresh one. A
    /// due time planned under another schedule (the daemon restarted with another interval
    /// or cron) is dropped, and the new schedule plans from the last run.
    func startState() -> ScheduleState {
        let settings = self.settings.withLock { $0 }
        var persisted = (try? store.scheduleState()) ?? nil
        if persisted != nil, let planned = (try? store.value(StateStore.Key.plannedFor)) ?? nil,
            planned != settings.scheduleKey
        {
            logger.info("The schedule changed (was \(planned)); planning from the last run")
            persisted = nil
        }
        try? store.setValue(settings.scheduleKey, for: StateStore.Key.plannedFor)
        try? store.setValue(settings.plan.timeZone.identifier, for: StateStore.Key.timeZone)
        let lastRun = (try? store.lastRunStart()) ?? nil
        return settings.plan.start(persisted: persisted, lastRun: lastRun, now: parts.clock.now())
    }

    /// After a reload that changed the schedule: the state the new one plans from the last run.
    func replanned(
        _ state: ScheduleState,
        for settings: DaemonSettings,
        planned: inout String
    ) -> ScheduleState {
        guard settings.scheduleKey != planned else { return state }
        logger.info("The schedule changed (was \(planned)); planning from the last run")
        planned = settings.scheduleKey
        try? store.setValue(planned, for: StateStore.Key.plannedFor)
        let lastRun = (try? store.lastRunStart()) ?? nil
        return settings.plan.replanned(from: state, lastRun: lastRun, now: parts.clock.now())
    }

    /// Records the schedule; false (and logged) when the store refuses it: the loop then
    /// tries again in ``storeRetry``.
    func save(_ state: ScheduleState) -> Bool {
        do {
            try store.saveScheduleState(state)
            return true
        } catch {
            logger.error("Cannot record the schedule yet, will try again: \(error)")
            return false
        }
    }

    /// `deadline`, or sooner when a write the store refused is waiting to be tried again.
    func retryTime(_ deadline: Date, pending: Bool) -> Date {
        guard pending || !unsaved.isEmpty else { return deadline }
        return min(deadline, parts.clock.now().adding(Self.storeRetry))
    }
}
