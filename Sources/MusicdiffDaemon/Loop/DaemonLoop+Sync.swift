import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Starts the job the machine asks for, holding the sync lock: the run's row is opened
    /// (its start recorded with the machine's moment), and the job itself is launched once
    /// the machine's start actions are done (``launchJob(_:)``). Answers
    /// ``DaemonMachine/Event/jobStarted``, or ``DaemonMachine/Event/lockBusy(holder:)`` when
    /// another sync holds the lock.
    func startJob(
        _ start: DaemonMachine.JobStart,
        _ state: inout LoopState,
        now: Date
    ) async
        -> DaemonMachine.Event
    {
        if start.decision != nil { parts.onEvent(.decided(shouldSync: true, blockers: [])) }
        let lock: SyncLock
        do {
            if let once = state.once {
                lock = once.lock
            } else {
                if orphanedJob() != nil { await recoverLeftovers() }
                lock = try SyncLock.acquire(at: parts.home.syncLock)
            }
        } catch .syncAlreadyRunning(let pid, let command) {
            let holder = pid.map { RunningProcess(pid: $0, command: command) }
            logger.warning(
                "Another sync is running (\(holder?.description ?? "its pid is unknown")); the daemon's sync waits for it"
            )
            state.lockHolder = holder
            return .lockBusy(holder: holder?.description)
        } catch {
            logger.error("Cannot take the sync lock: \(error)")
            state.lockHolder = nil
            return .lockBusy(holder: nil)
        }
        let last = try? store.recentRuns(limit: 1).first
        let lastStop = last?.outcome == .stopped ? last?.message : nil
        interruptStaleRuns(reason: "the daemon or sync command that ran it stopped before the job finished")
        let trigger = state.once?.trigger ?? .daemon
        logger.info("Starting \(trigger == .daemon ? "automatic" : "manual") sync...")
        let watch = state.machine.policy.map { WhileRunning.stopClause($0.whileRunning) }
        try? store.setValue(watch, for: StateStore.Key.runWatch)
        let priority = JobPriority(config: settings.withLock { $0.config.sync })
        try? store.setValue(priority.description, for: StateStore.Key.runPriority)
        state.job = RunningJob(
            run: SyncRun(startedAt: now, trigger: trigger, outcome: .running),
            lock: lock,
            control: RunControl(),
            context: JobContext(start: start, readings: state.machine.readings, lastStop: lastStop, at: now)
        )
        state.job?.awake = await holdAwakeForRun(state.machine.policy)
        return .jobStarted
    }

    /// Launches the job whose start the machine has recorded (and for which it holds sleep
    /// back): its task posts the pid and the end to the inbox.
    func launchJob(_ state: inout LoopState) {
        guard var job = state.job, job.task == nil else { return }
        let settings = self.settings.withLock { $0 }
        let inbox = self.inbox
        var request = SyncRequest(
            trigger: job.run.trigger,
            settings: settings.config.daemon,
            lock: job.lock,
            control: job.control
        )
        request.onStart = { inbox.post(.jobPid($0)) }
        request.onPriority = { [logger] pid, words in
            logger.info("The sync job runs as pid \(pid) at \(words)")
        }
        request.onOutput = parts.onJobOutput
        request.context = job.context
        let engine = parts.makeEngine(settings.config.sync)
        job.task = Task(executorPreference: PreferredExecutor.current) {
            let result = await engine.sync(request)
            inbox.post(.jobEnded(result))
        }
        state.job = job
    }

    /// Asks the job to stop: SIGTERM, SIGKILL after `grace`. A suspend's grace is cut to fit
    /// in logind's delay (`InhibitDelayMaxUSec`); the daemon's own stop cancels the job's
    /// task, which records the run as interrupted.
    func stopJob(reason: String, grace: Duration, _ state: LoopState) {
        guard let job = state.job else { return }
        logger.info("Stopping the sync: \(reason)")
        parts.onEvent(.runChecked(stop: reason))
        switch reason {
        case DaemonMachine.terminateReason:
            job.task?.cancel()
        case DaemonMachine.sleepReason:
            let delay = sensors.withLock { $0 }?.inhibitDelayMax() ?? .seconds(5)
            job.control.stop(reason: reason, grace: min(grace, max(delay - .seconds(1), .milliseconds(500))))
        default:
            job.control.stop(reason: reason, grace: grace)
        }
    }

    /// The job ended: the lock goes back, the run's row is finished (recorded with the
    /// machine's moment), and the machine is told. Conflicts are notified off the loop, so
    /// that a slow mail server delays no decision and no watchdog ping.
    func jobEnded(_ result: SyncResult, _ state: inout LoopState) async {
        guard var job = state.job else { return }
        state.job = nil
        job.awake?.release()
        // A run asked for once gives the lock back to the command that took it.
        if state.once == nil { job.lock.release() }
        try? store.setValue(nil, for: StateStore.Key.runWatch)
        try? store.setValue(nil, for: StateStore.Key.runPriority)
        job.run.endedAt = parts.clock.now()
        job.run.apply(result)
        state.ended = job.run
        // A run asked for once: the command says how it went, in its own words.
        if state.once == nil { SyncLogLines.log(result, to: logger) }
        let terminating = state.machine.terminating
        state.once?.result = result
        if state.once == nil, result.outcome != .stopped, !terminating, !result.conflicts.isEmpty {
            let daemon = settings.withLock { $0.config.daemon }
            Task(executorPreference: PreferredExecutor.current) {
                await self.notifyConflicts(of: result, settings: daemon)
            }
        }
        // The daemon's own stop is no failure: the sync stays due for the next start.
        let end = terminating && result.outcome == .interrupted ? .stopped : result.outcome.runEnd ?? .failed
        await feed(.jobEnded(end, jitter: Double.random(in: 0..<1)), &state)
        parts.onEvent(.syncEnded(result.outcome))
        if state.once == nil, end != .stopped, !terminating {
            let wait = max(state.machine.schedule.nextDue.duration(since: parts.clock.now()), .zero)
            logger.info("Next sync in \(DurationText.format(.seconds((wait / .seconds(1)).rounded())))")
        }
    }

    /// Takes logind's sleep delay lock for the job, so that it is stopped before the machine
    /// sleeps; nil when logind cannot (said in the log at debug).
    func holdSleepForRun() async -> (any SleepHold)? {
        guard let sensors = sensors.withLock({ $0 }) else { return nil }
        switch await sensors.holdSleep(why: "stopping a sync") {
        case .success(let hold):
            return hold
        case .failure(let error):
            logger.debug("\(error)")
            return nil
        }
    }

    /// The stop a check calls for: its reason, with the rules' grace period.
    static func stop(for check: RunCheck, rules: WhileRunning) -> RunControl.Stop? {
        check.stopReason.map { RunControl.Stop(reason: $0, grace: rules.grace) }
    }
}

extension SyncRun {
    /// Fills in what a finished job reported.
    package mutating func apply(_ result: SyncResult) {
        outcome = result.outcome
        exitStatus = result.exitStatus
        changesApplied = result.changesApplied
        failedChanges = result.failedChanges
        conflicts = result.conflicts
        message = result.lastMessageLine()
        output = result.output.isEmpty ? nil : result.output.joined(separator: "\n")
    }
}
