import Foundation

extension DaemonMachine {
    /// What woke the machine for a step.
    enum Woken {
        /// A time it waited for, or an event that is not a reading (a resume, a reload).
        case time
        /// A reading change: a decision that comes out as the last one records nothing.
        case readings
    }

    /// When the `settle` period after the last resume ends, if it has not yet at `now`.
    package func settling(at now: Date) -> Date? {
        guard let resumedAt, let settle = policy?.settle, settle > .zero else { return nil }
        let until = resumedAt.adding(settle)
        return now < until ? until : nil
    }

    /// Decides what to do with no job running: wait for the due time, for the settle period,
    /// for the policy; or start the job.
    mutating func step(at now: Date, woken: Woken) -> [Action] {
        var actions: [Action] = []
        let before = schedule
        skipReplacedDue(at: now)
        schedule = setup.plan.markDue(setup.plan.normalized(schedule, now: now), now: now)
        if schedule != before { actions.append(.save(schedule)) }
        if let held = holdForPause(at: now, woken: woken, &actions) { return actions + held }
        guard now >= schedule.nextDue else {
            if let early = earlyStep(at: now) { return actions + early }
            phase = .idle
            return actions
                + waitFor(.nextSync(schedule.nextDue), until: earlyWake(at: now), onReadings: false)
        }
        guard let policy else { return actions + start(decision: nil, at: now) }
        if phase == .asleep {
            return actions + waitFor(.asleep, until: .distantFuture, onReadings: false)
        }
        if let until = settling(at: now) {
            phase = .settling(until: until)
            return actions + waitFor(.settling(until: until), until: until, onReadings: false)
        }
        let decision = decide(policy, at: now)
        var held: Verdict?
        if decision.shouldSync, var current = hold {
            held = current.verdict(policy, on: decisionSnapshot, at: now)
            hold = held == nil ? nil : current
        }
        var moment = RecordedMoment(decision: decision, snapshot: decisionSnapshot, utcOffset: utcOffset)
        if let held {
            // Recorded as blocked by the rule that stopped the run and would stop it again.
            moment.wouldSync = false
            moment.failed = [held.rule.rawValue]
        }
        let said = RecordedDecision(shouldSync: moment.wouldSync, blockers: moment.failed)
        if woken == .time || recorded != said {
            actions.append(.record(moment))
            recorded = said
        }
        if let held {
            phase = .blocked(decision)
            let status = MachineStatus.blocked(
                dueSince: schedule.dueSince,
                decision: decision,
                held: held.holdReason
            )
            return actions + waitFor(status, until: now.adding(policy.poll), onReadings: true)
        }
        hold = nil
        let status = MachineStatus.blocked(dueSince: schedule.dueSince, decision: decision, held: nil)
        switch TickAction.next(state: schedule, now: now, decision: decision, policy: policy) {
        case .runSync:
            return actions + start(decision: decision, at: now)
        case .sleep(let until), .waitForTime(let until):
            phase = .blocked(decision)
            return actions + waitFor(status, until: until, onReadings: false)
        case .waitForChange(let until):
            phase = .blocked(decision)
            return actions + waitFor(status, until: until, onReadings: true)
        }
    }

    /// The policy's decision at `now` on the readings as last told, while a sync is due and
    /// no job runs; nil otherwise (or outside smart mode). For reports: it changes nothing.
    package func decision(at now: Date) -> Decision? {
        guard let policy, !isRunning, phase != .new, now >= schedule.nextDue else { return nil }
        return decide(policy, at: now)
    }

    /// The readings the policy decides on: the machine's, with its last success and due time.
    var decisionSnapshot: Snapshot {
        var snapshot = readings
        snapshot.lastSync = .known(lastSuccess.map(LastSync.at) ?? .never)
        snapshot.dueSince = schedule.dueSince
        return snapshot
    }

    /// The policy's decision now.
    func decide(_ policy: Policy, at now: Date) -> Decision {
        PolicyEngine.decide(policy, on: decisionSnapshot, at: LocalInstant(date: now, utcOffset: utcOffset))
    }

    /// Says `status` and waits until `until` (or a reading change, when `onReadings`).
    mutating func waitFor(_ status: MachineStatus, until: Date, onReadings: Bool) -> [Action] {
        waiting = Wait(until: until, onReadings: onReadings)
        return [.status(status), .wait(until: until, onReadings: onReadings)]
    }
}

extension DaemonMachine {
    /// The policy's decision at `now` on `fresh` readings, while a sync is due and no job
    /// runs; nil otherwise. For reports on a copy of the daemon's machine: it changes nothing.
    package func decision(at now: Date, on fresh: Snapshot) -> Decision? {
        var copy = self
        copy.take(fresh)
        return copy.decision(at: now)
    }
}
