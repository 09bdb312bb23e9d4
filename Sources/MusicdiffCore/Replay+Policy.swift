import Foundation

extension Replay {
    /// How long after a moment its readings are taken to hold, for the replayed daemon's own
    /// poll ticks and due times between recorded moments.
    public static let freshness: Duration = .seconds(600)

    /// Re-decides the recorded moments of `from..<to` under `policy` with the daemon's
    /// schedule arithmetic (`plan`: interval or cron, due times counted from the replayed
    /// syncs, `min_gap` from the last replayed success, `max_deferral` from the replayed due
    /// time). `lastSync` is the last successful sync before `from`; a replayed sync takes
    /// `syncLength` and succeeds.
    ///
    /// The replay decides at each recorded moment, and, for up to ``freshness`` after it (and
    /// before the next), where the replayed daemon would look again (its poll ticks, when a
    /// time rule allows, its due time) with that moment's readings. Where nothing was recorded
    /// for longer (no sync was due, or a time rule let the daemon sleep), a replayed due sync
    /// waits for the next recorded moment, and that wait counts.
    public static func replay(
        _ policy: Policy,
        plan: SchedulePlan,
        moments: [RecordedMoment],
        lastSync: Date?,
        from: Date,
        to: Date,
        syncLength: Duration = .zero
    ) -> Replay {
        let window = Array(moments.drop { $0.at < from }.prefix { $0.at < to })
        guard let first = window.first else { return Replay(syncs: [], heldBy: [:]) }
        var replayer = Replayer(policy: policy, plan: plan, lastSync: lastSync, syncLength: syncLength)
        replayer.state =
            first.dueSince.map { ScheduleState(nextDue: $0, dueSince: $0) }
            ?? plan.start(persisted: nil, lastRun: lastSync, now: first.at)
        for (index, moment) in window.enumerated() {
            let limit = min(index + 1 < window.count ? window[index + 1].at : to, moment.at.adding(freshness))
            var now = moment.at
            var next = replayer.look(at: now, on: moment)
            while let time = next, time > now, time < limit {
                now = time
                next = replayer.look(at: now, on: moment)
            }
        }
        return Replay(syncs: replayer.syncs, heldBy: replayer.held.totals)
    }
}

/// The replayed daemon: its schedule, its last success, a running sync, what it did.
struct Replayer {
    let policy: Policy
    let plan: SchedulePlan
    var last: Date?
    let syncLength: Duration
    var state = ScheduleState(nextDue: .distantPast)
    var runningUntil: Date?
    var held = HeldTime()
    var syncs: [Replay.Sync] = []

    init(policy: Policy, plan: SchedulePlan, lastSync: Date?, syncLength: Duration) {
        self.policy = policy
        self.plan = plan
        self.last = lastSync
        self.syncLength = syncLength
    }

    /// Decides at `now` with `moment`'s readings, as the daemon's loop would; returns when it
    /// would look again, or nil for the next recorded moment.
    mutating func look(at now: Date, on moment: RecordedMoment) -> Date? {
        if let end = runningUntil {
            guard now >= end else { return end }
            finish(at: end)
        }
        held.advance(to: now)
        guard moment.kind != .daemonStop else { return nil }
        state = plan.markDue(state, now: now)
        guard now >= state.nextDue else { return state.nextDue }
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
            return decision.timeRulesAllowAt > now ? decision.timeRulesAllowAt : now.adding(policy.poll)
        }
        syncs.append(Replay.Sync(start: now, waited: state.dueSince.map { now.duration(since: $0) } ?? .zero))
        runningUntil = now.adding(syncLength)
        guard syncLength > .zero else {
            finish(at: now)
            return state.nextDue
        }
        return runningUntil
    }

    /// The replayed sync ended well at `end`.
    mutating func finish(at end: Date) {
        last = end
        state = plan.afterRun(state, succeeded: true, now: end, jitterFraction: 0)
        runningUntil = nil
    }
}
