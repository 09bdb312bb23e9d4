import Foundation

extension DaemonMachine {
    /// Asks for the job to start; it counts as running from now. The driver answers with
    /// ``Event/jobStarted`` once it holds the sync lock, or ``Event/lockBusy(holder:)``.
    mutating func start(decision: Decision?, at now: Date) -> [Action] {
        phase = .running(RunWatch(since: now, dueSince: schedule.dueSince))
        lastRunStart = now
        waiting = nil
        return [.startJob(JobStart(dueSince: schedule.dueSince, decision: decision))]
    }

    /// A sync asked for now: it starts unless the policy blocks it (and `force` is not given),
    /// whether or not it is due; a blocked one is only said, and nothing waits for it.
    mutating func runNow(force: Bool, at now: Date) -> [Action] {
        guard phase != .new, !isRunning else { return [] }
        if !force, let pause, !pauseEnds(pause, at: now) { return [.status(.paused(pause))] }
        guard let policy, !force else { return start(decision: nil, at: now) }
        let decision = decide(policy, at: now)
        if decision.shouldSync { return start(decision: decision, at: now) }
        return [.status(.blocked(dueSince: schedule.dueSince, decision: decision, held: nil))]
    }

    /// The job has started: its start is recorded, sleep is held back while it runs (when a
    /// suspend is to stop it), and its `while_running` rules are watched.
    mutating func jobStarted(at now: Date) -> [Action] {
        guard case .running(let run) = phase else { return [] }
        var actions: [Action] = [.record(moment(.syncStart, at: now, dueSince: run.dueSince))]
        if policy?.whileRunning?.onSleep == .stop { actions.append(.holdSleep) }
        actions.append(.status(.syncing(since: run.since)))
        return actions + watch(at: now)
    }

    /// Checks the running job against the policy's `while_running` rules: the first that fails
    /// stops it, and holds the sync back until the reading that failed has changed.
    mutating func watch(at now: Date) -> [Action] {
        guard case .running(var run) = phase else {
            waiting = Wait(until: .distantFuture, onReadings: false)
            return [.wait(until: .distantFuture, onReadings: false)]
        }
        guard let policy, let rules = policy.whileRunning else {
            waiting = Wait(until: .distantFuture, onReadings: false)
            return [.wait(until: .distantFuture, onReadings: false)]
        }
        var snapshot = readings
        snapshot.lastSync = .unknown(reason: "not read while a sync runs")
        snapshot.dueSince = run.dueSince
        snapshot.activity = run.activity.observe(snapshot.idle, at: now)
        let check = PolicyEngine.whileRunning(policy, on: snapshot, at: now)
        if let reason = check.stopReason {
            hold = StopHold(after: check, at: now, activity: run.activity)
            phase = .stopping(run, reason: reason)
            waiting = Wait(until: .distantFuture, onReadings: false)
            return [.stopJob(reason: reason, grace: rules.grace)]
        }
        phase = .running(run)
        var deadline = now.adding(policy.poll)
        if let recheck = check.recheckIn { deadline = min(deadline, now.adding(max(recheck, .seconds(1)))) }
        waiting = Wait(until: deadline, onReadings: true)
        return [.wait(until: deadline, onReadings: true)]
    }

    /// The job ended at `now`: recorded, the schedule moved on (a success plans the next due
    /// time, a failure backs off, a stop keeps the sync due), and the next step taken.
    mutating func jobEnded(_ end: RunEnd, at now: Date, jitter: Double) -> [Action] {
        let run: RunWatch
        switch phase {
        case .running(let watched), .stopping(let watched, _): run = watched
        default: return []
        }
        var actions: [Action] = []
        if policy?.whileRunning?.onSleep == .stop { actions.append(.releaseSleep) }
        actions.append(.record(moment(.syncEnd, at: now, runEnd: end, dueSince: run.dueSince)))
        switch end {
        case .synced:
            lastSuccess = now
            hold = nil
            // After an early run a cron schedule plans from the due time it replaced.
            schedule = setup.plan.afterRun(schedule, succeeded: true, now: now, jitterFraction: jitter)
            // A cron schedule would bring back the due time an early run came before: skipped.
            if let due = run.earlyFor, case .cron = setup.plan.schedule, schedule.nextDue <= due {
                earlyReplaced = due
            }
        case .stopped where run.earlyFor != nil, .failed where run.earlyFor != nil:
            // Not due yet: the due time stands, and no second early try comes before it.
            break
        case .stopped:
            schedule = setup.plan.afterStop(schedule, now: now)
        case .failed:
            hold = nil
            schedule = setup.plan.afterRun(schedule, succeeded: false, now: now, jitterFraction: jitter)
        }
        actions.append(.save(schedule))
        recorded = nil
        guard !terminating else {
            phase = .stopped
            waiting = nil
            return actions + [.record(moment(.daemonStop, at: now))]
        }
        if suspending, policy != nil {
            // During a suspend (the run was stopped for it, or ended, or was being stopped for
            // another reason, when it began): nothing starts before the resume, as when a
            // suspend finds the daemon waiting.
            phase = .asleep
            return actions + waitFor(.asleep, until: .distantFuture, onReadings: false)
        }
        phase = .idle
        return actions + step(at: now, woken: .time)
    }
}
