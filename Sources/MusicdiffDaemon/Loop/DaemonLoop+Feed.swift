import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Feeds `first` to the machine now and performs the actions it returns, in order; an
    /// action that answers with an event (the job started, the lock is busy) feeds it next.
    func feed(_ first: DaemonMachine.Event, _ state: inout LoopState) async {
        var queue = [first]
        while !queue.isEmpty {
            let event = queue.removeFirst()
            let now = parts.clock.now()
            let held = state.machine.hold != nil
            let pause = state.machine.pause
            let actions = state.machine.handle(event, at: now, utcOffset: Self.utcOffset(at: now))
            if case .running = state.machine.phase, state.machine.policy?.whileRunning != nil, event.checksRun
            {
                parts.onEvent(.runChecked(stop: nil))
            }
            for action in actions {
                if let next = await perform(action, &state, now: now) { queue.append(next) }
            }
            if case .jobStarted = event { launchJob(&state) }
            keepStoreInStep(&state, event: event, wasHeld: held, now: now)
            if let pause, state.machine.pause == nil, event != .pauseLifted { endPause(pause, now: now) }
        }
    }

    /// Performs one action; returns the event it answers with, if any.
    func perform(
        _ action: DaemonMachine.Action,
        _ state: inout LoopState,
        now: Date
    ) async
        -> DaemonMachine.Event?
    {
        switch action {
        case .wait(let until, let onReadings):
            // Trimmed before the daemon's waits, not the running job's watch between readings.
            if !state.machine.isRunning { trimMemory(&state, until: until, blocked: onReadings, now: now) }
        case .startJob(let start):
            return await startJob(start, &state, now: now)
        case .stopJob(let reason, let grace):
            stopJob(reason: reason, grace: grace, state)
        case .record(let moment):
            record(moment, &state)
        case .save(let schedule):
            // A run asked for once leaves the schedule to the daemon, which it tells.
            guard state.once == nil else { break }
            state.unsavedSchedule = save(schedule) ? nil : schedule
        case .holdSleep:
            state.sleepHold = await holdSleepForRun()
        case .releaseSleep:
            state.sleepHold?.release()
            state.sleepHold = nil
        case .status(let status):
            tell(status, &state, now: now)
        }
        return nil
    }

    /// Records a moment the machine asks for: a sync's start and end with the run's row, in
    /// one transaction; the daemon's stop once the runs the store refused are written.
    func record(_ moment: RecordedMoment, _ state: inout LoopState) {
        let daemonsOwn = moment.kind == .decision || moment.kind == .daemonStart || moment.kind == .daemonStop
        // A run asked for once records its start and end, not the daemon's ticks.
        if state.once != nil, daemonsOwn { return }
        switch moment.kind {
        case .syncStart:
            guard var job = state.job else { return }
            job.run.id = record(job.run, moment: moment)
            state.job = job
            parts.onEvent(.syncStarted)
        case .syncEnd:
            guard let run = state.ended else { return }
            state.ended = nil
            _ = record(run, moment: moment)
        case .daemonStop where !flushUnsaved():
            // Only a store that takes writes gets the stop: a locked one must not hold it up.
            logger.error(
                "The state store still refuses a run's record; it is kept in \(parts.home.unsavedRuns) for the next start"
            )
        case .decision, .daemonStart, .daemonStop:
            do {
                try store.record(moment)
            } catch {
                let what = moment.kind == .decision ? "decision" : "daemon's start or stop"
                logger.error("Cannot record the \(what): \(error)")
            }
        }
    }

    /// Keeps what `daemon status` and `why-not` read from the store in step with the machine:
    /// the end of the settle period after a resume, and the hold after a stop (said in the log
    /// when the readings that stopped the sync have changed).
    func keepStoreInStep(_ state: inout LoopState, event: DaemonMachine.Event, wasHeld: Bool, now: Date) {
        let settle = state.machine.settling(at: now)
        if state.settleRecorded != .some(settle) {
            state.settleRecorded = .some(settle)
            try? store.setValue(
                settle.map { String($0.timeIntervalSince1970) },
                for: StateStore.Key.settleUntil
            )
        }
        guard wasHeld, state.machine.hold == nil else { return }
        state.heldLogged = false
        try? store.setValue(nil, for: StateStore.Key.stopHold)
        switch event {
        case .readings, .polled:
            logger.info("The readings that stopped the sync have changed; it may start again")
        default:
            break
        }
    }

    /// Before a long wait the pages this turn touched go back (see ``ResidentMemory``): the
    /// libraries' at once, the program's own at most every ``ResidentMemory/blockedInterval``
    /// while a due sync is blocked.
    func trimMemory(_ state: inout LoopState, until: Date, blocked: Bool, now: Date) {
        if blocked {
            let whole = now >= state.trimmedAt.adding(ResidentMemory.blockedInterval)
            state.memory.trim(sparingProgram: !whole)
            if whole { state.trimmedAt = now }
        } else if until.timeIntervalSince(now) >= ResidentMemory.worthwhile.seconds {
            state.memory.trim()
        }
    }
}

extension DaemonMachine.Event {
    /// Whether the machine checks the readings again on this event (and a running job's
    /// `while_running` rules).
    var checksRun: Bool {
        switch self {
        case .readings, .polled, .reloaded, .jobStarted: true
        default: false
        }
    }
}
