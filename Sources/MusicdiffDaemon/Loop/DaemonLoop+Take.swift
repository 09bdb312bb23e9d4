import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Takes one input: it becomes the machine's event (or none, when it changes nothing the
    /// machine waits for), and the timer is armed again for the machine's wait.
    func take(_ input: LoopInput, _ state: inout LoopState) async {
        await noticeSuspend(&state)
        switch input {
        case .timer(let generation, let target):
            guard generation == state.timer?.generation else { break }
            state.timer = nil
            retryWrites(&state)
            let now = parts.clock.now()
            // Early means the wall clock was set: decide again, as at the time waited for.
            if now >= state.machine.waiting?.until ?? .distantFuture || now < target {
                await feed(.polled(readNow()), &state)
            }
        case .sensors:
            guard state.machine.isRunning || state.machine.waiting?.onReadings == true else { break }
            await feed(.readings(readNow()), &state)
        case .sleeping:
            logger.info("The machine is about to sleep")
            await feed(.sleeping, &state)
            parts.onEvent(.sleep(preparing: true))
        case .resumed(let how):
            await resumed(how: how, &state)
        case .reload:
            if let fresh = reload() { await take(fresh, &state) }
        case .settingsChanged:
            await take(settings.withLock { $0 }, &state)
        case .outsideRun:
            await takeOutsideRun(&state)
        case .pauseChanged:
            await takePause(&state)
        case .jobPid(let pid):
            guard var job = state.job else { break }
            job.pid = pid
            state.job = job
            announce(.syncing(since: job.run.startedAt, pid: pid))
        case .jobEnded(let result):
            await jobEnded(result, &state)
        case .terminate:
            await feed(.terminate, &state)
        }
        arm(&state)
        published.withLock { $0 = (state.machine, state.held) }
    }

    /// Arms the timer for the machine's wait, or sooner for the watchdog's next ping or a
    /// write the store refused; one timer at a time, replaced only when its time changes.
    func arm(_ state: inout LoopState) {
        let now = parts.clock.now()
        guard state.machine.phase != .stopped else { return }
        var target = state.machine.waiting?.until ?? .distantFuture
        if let ping = pingWatchdog(now: now) { target = min(target, ping) }
        if let alert = nextOverdueAlert(state), alert > now { target = min(target, alert) }
        if state.unsavedSchedule != nil || !unsaved.isEmpty {
            target = min(target, now.adding(Self.storeRetry))
        }
        guard state.timer?.target != target else { return }
        state.timer?.task.cancel()
        state.generation += 1
        let (generation, deadline) = (state.generation, target)
        let (clock, inbox) = (parts.clock, inbox)
        let task = Task(executorPreference: PreferredExecutor.current) {
            do {
                try await clock.sleep(until: deadline)
                inbox.post(.timer(generation: generation, target: deadline))
            } catch {}
        }
        state.timer = (task, target, generation)
    }

    /// Writes again what the store refused: the runs, and the schedule.
    func retryWrites(_ state: inout LoopState) {
        flushUnsaved()
        if let schedule = state.unsavedSchedule, save(schedule) { state.unsavedSchedule = nil }
    }

    /// A resume, from logind or the boot-time clock: the policy's `settle` period begins.
    func resumed(how: String, _ state: inout LoopState) async {
        let settle = state.machine.policy?.settle ?? .zero
        let settling = settle > .zero ? "; no sync starts for \(DurationText.format(settle))" : ""
        logger.info("Resumed (\(how))\(settling)")
        await feed(.resumed, &state)
        if how == "logind" { parts.onEvent(.sleep(preparing: false)) }
    }

    /// Whether the boot-time clock moved ahead of the monotonic one since the last look: the
    /// machine was suspended, which counts as a resume when logind did not say so.
    func noticeSuspend(_ state: inout LoopState) async {
        let suspended = parts.clock.suspendedSinceBoot()
        let grown = suspended - state.suspendedSoFar
        state.suspendedSoFar = suspended
        guard grown >= Self.noticeableSuspend else { return }
        await resumed(how: "suspended for \(DurationText.format(grown)), by the boot-time clock", &state)
    }

    /// Takes reloaded settings: a changed schedule plans again from the last run.
    func take(_ fresh: DaemonSettings, _ state: inout LoopState) async {
        let planned = state.machine.setup.scheduleKey
        if fresh.scheduleKey != planned {
            logger.info("The schedule changed (was \(planned)); planning from the last run")
            try? store.setValue(fresh.scheduleKey, for: StateStore.Key.plannedFor)
        }
        if fresh.policy != nil { startSensors() }
        summarize(for: fresh)
        await feed(.reloaded(fresh.machineSetup), &state)
    }

    /// Keeps the store's prediction summary for the smart mode's policy (made again from the
    /// recorded rows, once, when it was another's), or none outside smart mode.
    func summarize(for settings: DaemonSettings) {
        do {
            try store.summarize(for: settings.policy?.policy, now: parts.clock.now())
        } catch {
            logger.error("Cannot summarize the history for the predicted window: \(error)")
        }
    }

    /// Learns, on SIGUSR1 (which `musicdiff sync` sends when it has run the job), of a run
    /// the daemon did not start: it is logged, and the machine told (a success moves the
    /// next due time, since the interval counts from the last run).
    func takeOutsideRun(_ state: inout LoopState) async {
        guard let run = try? store.recentRuns(limit: 1).first, run.trigger != .daemon, run.endedAt != nil,
            run.id != state.outsideSeen
        else { return }
        state.outsideSeen = run.id
        let who = run.trigger == .forced ? "A forced manual sync" : "A manual sync"
        let result = SyncResult(
            outcome: run.outcome,
            exitStatus: run.exitStatus,
            changesApplied: run.changesApplied,
            failedChanges: run.failedChanges,
            conflicts: run.conflicts,
            message: run.message
        )
        let lines = SyncLogLines.lines(for: result).map(\.message).joined(separator: "; ")
        logger.info("\(who) ran outside the daemon: \(lines)")
        await feed(.outsideRun(succeeded: run.outcome.isSuccess, jitter: Double.random(in: 0..<1)), &state)
    }

    /// Starts the policy's `settle` period as after a resume now (tests; logind's and the
    /// boot-time clock's resumes come through the sensors and the loop itself).
    func noteResume(how: String) { inbox.post(.resumed(how: how)) }
}
