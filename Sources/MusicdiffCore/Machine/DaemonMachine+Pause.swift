import Foundation

extension DaemonMachine {
    /// The reason a run stopped by a pause gives (its outcome is `stopped`).
    package static let pauseReason = "paused"
    /// The rule name a decision moment recorded while paused carries: the history's own
    /// letter for a pause (``HistoryCell/paused``).
    package static let pausedMoment = "paused"

    /// The user paused: a running job is stopped; with none, the machine steps (and holds).
    mutating func paused(_ new: Pause, at now: Date) -> [Action] {
        pause = new
        switch phase {
        case .new, .stopped:
            return []
        case .running(let run):
            let grace = policy?.whileRunning?.grace ?? WhileRunning.defaultGrace
            phase = .stopping(run, reason: Self.pauseReason)
            waiting = Wait(until: .distantFuture, onReadings: false)
            return [.stopJob(reason: Self.pauseReason, grace: grace)]
        case .stopping, .asleep:
            return []
        default:
            recorded = nil
            return step(at: now, woken: .time)
        }
    }

    /// The user ended the pause: the machine steps as after any wait.
    mutating func pauseLifted(at now: Date) -> [Action] {
        guard pause != nil else { return [] }
        pause = nil
        recorded = nil
        guard phase != .new, !isRunning, phase != .asleep else { return [] }
        return step(at: now, woken: .time)
    }

    /// Whether `pause` is over at `now` on the machine's readings (idle for the policy's
    /// `idle` time, when it has one).
    func pauseEnds(_ pause: Pause, at now: Date) -> Bool {
        pause.hasEnded(at: now, on: readings, idleFor: policy?.idle?.min ?? Pause.defaultIdle)
    }

    /// In a step with no job running: a pause that has ended is forgotten (the driver sees
    /// ``DaemonMachine/pause`` turn nil, and the store forgets it too); one that lasts holds the machine until its time, or a reading
    /// change when its condition may end it. Returns the wait, or nil when no pause holds.
    /// A decision moment blamed on the pause is recorded, as a blocked one is, for the history.
    mutating func holdForPause(at now: Date, woken: Woken, _ actions: inout [Action]) -> [Action]? {
        guard let current = pause, phase != .asleep else { return nil }
        if pauseEnds(current, at: now) {
            pause = nil
            recorded = nil
            return nil
        }
        phase = .paused(current)
        var moment = moment(.decision, at: now)
        moment.failed = [Self.pausedMoment]
        let said = RecordedDecision(shouldSync: false, blockers: moment.failed)
        if woken == .time || recorded != said {
            actions.append(.record(moment))
            recorded = said
        }
        // Not due yet: the due time comes first, to mark it due (and record the pause).
        let until = min(current.until ?? .distantFuture, max(schedule.nextDue, now))
        let wake = until > now ? until : (current.until ?? .distantFuture)
        return waitFor(.paused(current), until: wake, onReadings: current.condition != nil)
    }
}
