import Foundation

extension Replay {
    /// Re-decides the recorded moments of `from..<to` under `policy` with the daemon's
    /// schedule arithmetic (`plan`: interval or cron, due times counted from the replayed
    /// syncs, `min_gap` from the last replayed success, `max_deferral` from the replayed due
    /// time). Each moment's readings hold until the next one; a replayed sync takes
    /// `syncLength` and succeeds. `lastSync` is the last successful sync before `from`.
    ///
    /// The replay decides at the recorded moments only: where the daemon recorded nothing
    /// (no sync was due, or a time rule let it sleep), a replayed due sync waits for the next
    /// moment, and that wait counts.
    public static func replay(
        _ policy: Policy,
        plan: SchedulePlan,
        moments: [RecordedMoment],
        lastSync: Date?,
        from: Date,
        to: Date,
        syncLength: Duration = .zero
    ) -> Replay {
        let window = moments.drop { $0.at < from }.prefix { $0.at < to }
        guard let first = window.first else { return Replay(syncs: [], heldBy: [:]) }
        var state =
            first.dueSince.map { ScheduleState(nextDue: $0, dueSince: $0) }
            ?? plan.start(persisted: nil, lastRun: lastSync, now: first.at)
        var last = lastSync
        var runningUntil: Date?
        var held = HeldTime()
        var syncs: [Sync] = []
        for moment in window {
            let now = moment.at
            if let end = runningUntil {
                guard now >= end else { continue }
                last = end
                state = plan.afterRun(state, succeeded: true, now: end, jitterFraction: 0)
                runningUntil = nil
            }
            held.advance(to: now)
            guard moment.kind != .daemonStop else { continue }
            state = plan.markDue(state, now: now)
            guard now >= state.nextDue else { continue }
            var snapshot = moment.readings
            snapshot.lastSync = .known(last.map(LastSync.at) ?? .never)
            snapshot.dueSince = state.dueSince
            let decision = PolicyEngine.decide(
                policy,
                on: snapshot,
                at: LocalInstant(date: now, utcOffset: moment.utcOffset)
            )
            guard decision.shouldSync else {
                held.hold(by: decision.blockers.first?.rawValue ?? "?", at: now)
                continue
            }
            syncs.append(Sync(start: now, waited: state.dueSince.map { now.duration(since: $0) } ?? .zero))
            runningUntil = now.adding(syncLength)
            if syncLength == .zero {
                last = now
                state = plan.afterRun(state, succeeded: true, now: now, jitterFraction: 0)
                runningUntil = nil
            }
        }
        return Replay(syncs: syncs, heldBy: held.totals)
    }
}
