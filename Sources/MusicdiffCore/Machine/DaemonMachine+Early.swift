import Foundation

extension DaemonMachine {
    /// When the policy's `early` window before the due time begins; nil without one.
    package func earlyFrom() -> Date? {
        policy?.early.map { Self.earlyFrom(nextDue: schedule.nextDue, early: $0, lastRunStart: lastRunStart) }
    }

    /// When an `early` window before `nextDue` begins, the last run having started at
    /// `lastRunStart`: never in the first half of the time from that start to the due time.
    /// The schedule counts from an early run, so a window as long as the interval would
    /// otherwise open again the moment a run ends, and the syncs would run back to back.
    /// What `why-not` and `daemon status` say is the daemon's rule, from this one place.
    package static func earlyFrom(nextDue: Date, early: Duration, lastRunStart: Date?) -> Date {
        let from = nextDue.adding(.zero - early)
        guard let lastRun = lastRunStart, lastRun < nextDue else { return from }
        return max(from, lastRun.addingTimeInterval(nextDue.timeIntervalSince(lastRun) / 2))
    }

    /// Inside the policy's `early` window before the due time (no job running, not asleep,
    /// paused or settling, no early try yet for this due time): decides with the policy's
    /// own rules (nothing is due, so no relax step and no `max_deferral`) and starts the sync
    /// once they all hold; else waits for a reading change, the poll tick or the due time.
    /// Nil outside the window.
    mutating func earlyStep(at now: Date) -> [Action]? {
        guard let policy, let from = earlyFrom(), now >= from, now < schedule.nextDue,
            earlyTried != schedule.nextDue, phase != .asleep, settling(at: now) == nil
        else { return nil }
        let decision = decide(policy, at: now)
        phase = .idle
        if decision.shouldSync {
            earlyTried = schedule.nextDue
            let due = schedule.nextDue
            var actions: [Action] = [
                .record(RecordedMoment(decision: decision, snapshot: decisionSnapshot, utcOffset: utcOffset))
            ]
            recorded = nil
            actions += start(decision: decision, at: now)
            if case .running(var run) = phase {
                run.earlyFor = due
                phase = .running(run)
            }
            return actions
        }
        let until = min(schedule.nextDue, now.adding(policy.poll))
        return waitFor(.nextSync(schedule.nextDue), until: until, onReadings: true)
    }

    /// When a machine with nothing due wakes: at the due time, or where the policy's `early`
    /// window begins before it (if that is still to come and no early try was made).
    func earlyWake(at now: Date) -> Date {
        guard let from = earlyFrom(), from > now, earlyTried != schedule.nextDue else {
            return schedule.nextDue
        }
        return from
    }

    /// Once the cron due time an early run came before has come, the schedule moves past it
    /// as after a sync then (the early run was that sync).
    mutating func skipReplacedDue(at now: Date) {
        guard let replaced = earlyReplaced, now >= replaced else { return }
        earlyReplaced = nil
        guard schedule.nextDue == replaced, schedule.dueSince == nil else { return }
        schedule = setup.plan.afterRun(schedule, succeeded: true, now: replaced, jitterFraction: 0)
    }
}
