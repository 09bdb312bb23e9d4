import Foundation

extension DaemonMachine {
    /// The reason a run stopped by a suspend gives.
    package static let sleepReason = "the machine is going to sleep"
    /// The reason a run stopped by the daemon's own stop gives.
    package static let terminateReason = "the daemon is stopping"

    /// Takes `event`, which happened at `now` (the local zone then `utcOffset` seconds from
    /// UTC, for the time rules), and returns what to do, in order.
    package mutating func handle(_ event: Event, at now: Date, utcOffset: Int = 0) -> [Action] {
        guard phase != .stopped else { return [] }
        self.utcOffset = utcOffset
        var actions: [Action] = []
        switch event {
        case .started(let persisted, let lastRun, let lastSuccess, let jitter):
            self.lastSuccess = lastSuccess
            lastRunStart = lastRun
            schedule = setup.plan.start(persisted: persisted, lastRun: lastRun, now: now)
            if persisted == nil, lastRun != nil, case .cron = setup.plan.schedule {
                schedule.nextDue = schedule.nextDue.addingTimeInterval(setup.plan.jitter.seconds * jitter)
            }
            phase = .idle
            actions.append(.record(moment(.daemonStart, at: now)))
            actions.append(.save(schedule))
            actions += step(at: now, woken: .time)
        case .timeReached:
            if let waiting, now < waiting.until, !isRunning {
                return [.wait(until: waiting.until, onReadings: waiting.onReadings)]
            }
            actions += isRunning ? watch(at: now) : step(at: now, woken: .time)
        case .readings(let snapshot):
            take(snapshot)
            if phase == .new {
                break
            } else if isRunning {
                actions += watch(at: now)
            } else if waiting?.onReadings ?? true {
                actions += step(at: now, woken: .readings)
            } else if let waiting {
                actions.append(.wait(until: waiting.until, onReadings: false))
            }
        case .polled(let snapshot):
            take(snapshot)
            if phase != .new { actions += isRunning ? watch(at: now) : step(at: now, woken: .time) }
        case .jobStarted:
            actions += jobStarted(at: now)
        case .jobEnded(let end, let jitter):
            actions += jobEnded(end, at: now, jitter: jitter)
        case .stopRequested(let reason, let grace):
            guard case .running(let run) = phase else { return [] }
            phase = .stopping(run, reason: reason)
            actions.append(.stopJob(reason: reason, grace: grace))
        case .sleeping:
            suspending = true
            actions += sleeping(at: now)
        case .resumed:
            suspending = false
            resumedAt = now
            if phase == .asleep { phase = .idle }
            if !isRunning { actions += step(at: now, woken: .time) }
        case .reloaded(let new):
            actions += reload(new, at: now)
        case .runNow(let force):
            actions += runNow(force: force, at: now)
        case .outsideRun(let succeeded, let jitter):
            if succeeded {
                lastSuccess = now
                lastRunStart = now
                schedule = setup.plan.afterRun(schedule, succeeded: true, now: now, jitterFraction: jitter)
                hold = nil
                actions.append(.save(schedule))
            }
            if !isRunning { actions += step(at: now, woken: .time) }
        case .paused(let pause):
            actions += paused(pause, at: now)
        case .pauseLifted:
            actions += pauseLifted(at: now)
        case .lockBusy(let holder):
            phase = .waitingForLock(holder: holder)
            let until = now.adding(policy?.poll ?? Policy.defaultPoll)
            waiting = Wait(until: until, onReadings: false)
            actions += [
                .status(.waitingForOtherSync(holder: holder)), .wait(until: until, onReadings: false),
            ]
        case .terminate:
            terminating = true
            switch phase {
            case .running(let run):
                phase = .stopping(run, reason: Self.terminateReason)
                let grace = policy?.whileRunning?.grace ?? WhileRunning.defaultGrace
                actions.append(.stopJob(reason: Self.terminateReason, grace: grace))
            case .stopping:
                break
            default:
                actions.append(.record(moment(.daemonStop, at: now)))
                phase = .stopped
                waiting = nil
            }
        }
        return actions
    }

    /// Keeps the sensors' readings of `snapshot` (not its `lastSync` and `dueSince`: the
    /// machine's own).
    mutating func take(_ snapshot: Snapshot) {
        readings.idle = snapshot.idle
        readings.network = snapshot.network
        readings.load = snapshot.load
        readings.battery = snapshot.battery
        readings.powerProfile = snapshot.powerProfile
        readings.storage = snapshot.storage
        readings.busy = snapshot.busy
        readings.assumed = snapshot.assumed
    }

    /// A suspend is coming: no sync starts until the resume, and a running one stops unless
    /// its policy says `on_sleep: ignore`.
    mutating func sleeping(at now: Date) -> [Action] {
        switch phase {
        case .running(let run):
            guard let rules = policy?.whileRunning, rules.onSleep == .stop else { return [] }
            phase = .stopping(run, reason: Self.sleepReason)
            return [.stopJob(reason: Self.sleepReason, grace: rules.grace)]
        case .stopping:
            return []
        default:
            guard policy != nil else { return [] }
            phase = .asleep
            waiting = Wait(until: .distantFuture, onReadings: false)
            return [.status(.asleep), .wait(until: .distantFuture, onReadings: false)]
        }
    }

    /// A new config or policy: a changed schedule plans again from the last run, keeping the
    /// failures in a row (and their retry) and since when a sync is due.
    mutating func reload(_ new: Setup, at now: Date) -> [Action] {
        let changed = new.scheduleKey != setup.scheduleKey
        setup = new
        guard phase != .new else { return [] }
        var actions: [Action] = []
        if changed {
            schedule = new.plan.replanned(from: schedule, lastRun: lastRunStart, now: now)
            actions.append(.save(schedule))
        }
        if isRunning { return actions + watch(at: now) }
        if phase == .asleep { return actions }
        return actions + step(at: now, woken: .time)
    }

    /// A moment of `kind` at `now`, with the machine's readings.
    func moment(
        _ kind: RecordedMoment.Kind,
        at now: Date,
        runEnd: RunEnd? = nil,
        dueSince: Date? = nil
    )
        -> RecordedMoment
    {
        var snapshot = readings
        snapshot.dueSince = dueSince ?? schedule.dueSince
        return RecordedMoment(
            at: now,
            utcOffset: utcOffset,
            kind: kind,
            policy: policy?.name ?? "",
            dueSince: dueSince ?? schedule.dueSince,
            readings: snapshot,
            runEnd: runEnd
        )
    }
}
