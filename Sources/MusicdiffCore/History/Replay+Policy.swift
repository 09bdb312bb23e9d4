import Foundation

extension Replay {
    /// How long after a moment its readings are taken to hold, for the replayed daemon's own
    /// poll ticks and due times between recorded moments.
    package static let freshness: Duration = .seconds(600)

    /// Re-decides the recorded moments of `from..<to` under `policy`, through the daemon's own
    /// state machine (``DaemonMachine``) with the schedule `plan`: each recorded moment's
    /// readings are a reading change, the daemon's recorded stops and starts stop and start
    /// the replayed one, and between moments the replayed daemon wakes when it would (its
    /// poll ticks, a relax step, `max_deferral`, the due time, the end of `settle`) for up to
    /// ``freshness`` after a moment. Where nothing was recorded for longer, a replayed due
    /// sync waits for the next recorded moment, and that wait counts.
    ///
    /// `lastSync` is the last successful sync before `from`. A replayed sync that starts where
    /// a recorded one did (within 2 s) ends as that one did (a stop only if the replayed
    /// policy stops it); any other takes `syncLength` and succeeds. Under the policy and
    /// schedule the history was recorded with, the replay starts the recorded syncs.
    package static func replay(
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
        let recordedRuns = Self.runs(in: window)
        var script = MachineScript(
            setup: DaemonMachine.Setup(plan: plan, policy: policy, scheduleKey: "replayed"),
            utcOffset: first.utcOffset,
            plan: { now in
                guard let run = Self.nearest(recordedRuns, to: now), let end = run.end,
                    let result = run.result
                else {
                    return MachineScript.Job(start: now, end: now.adding(syncLength), result: .synced)
                }
                if result == .stopped, Self.pausedAt(end, in: window) {
                    // Stopped by the user's pause: it runs until the pause, which stops it.
                    return MachineScript.Job(
                        start: now,
                        end: max(end, now).addingTimeInterval(1),
                        result: .stopped
                    )
                }
                if result == .stopped {
                    // It runs at least until the recorded stop, so the readings that stopped it
                    // reach it while it runs; the replayed policy decides whether they stop it.
                    return MachineScript.Job(
                        start: now,
                        end: max(end, now.adding(syncLength)),
                        result: .synced
                    )
                }
                return MachineScript.Job(start: now, end: max(end, now), result: result)
            }
        )
        let initial = first.dueSince.map { ScheduleState(nextDue: $0, dueSince: $0) }
        var held = HeldTime()
        /// Which rule holds the due sync at `time`, looked at on every moment and wake-up.
        func look(at time: Date) {
            held.advance(to: time)
            guard script.up, let decision = script.machine.decision(at: time), !decision.shouldSync else {
                return
            }
            held.hold(by: decision.blockers.first?.rawValue ?? "?", at: time)
        }
        for (index, moment) in window.enumerated() {
            let limit = min(index + 1 < window.count ? window[index + 1].at : to, moment.at.adding(freshness))
            script.utcOffset = moment.utcOffset
            if index == 0 || (moment.kind == .daemonStart && !script.up) {
                // A daemon that starts paused records the pause at once, after its start.
                let paused = index + 1 < window.count && Self.pausedAt(moment.at, in: [window[index + 1]])
                script.start(
                    at: moment.at,
                    readings: moment.readings,
                    lastSync: lastSync,
                    initial: initial,
                    paused: paused
                )
            } else if moment.kind == .daemonStop {
                script.stop(at: moment.at)
            } else if script.up {
                script.followPause(moment)
                script.feed(.readings(moment.readings), at: moment.at)
            }
            // A wake-up that fell where nothing was recorded happens now, on these readings.
            if let wake = script.wakeAt, wake < moment.at { script.feed(.timeReached, at: moment.at) }
            look(at: moment.at)
            // The replayed daemon's own wake-ups and job ends until the next moment.
            while true {
                let end = script.job?.end
                let wake = script.wakeAt.flatMap { $0 < limit ? $0 : nil }
                guard let next = [end, wake].compactMap({ $0 }).min(),
                    next < (index + 1 < window.count ? window[index + 1].at : to)
                else { break }
                if next == end { script.endJob() } else { script.feed(.timeReached, at: next) }
                look(at: next)
            }
        }
        held.advance(to: to)
        // The replayed daemon ran when the recorded one did.
        let down = HistoryGrid.downSpans(moments, end: to)
        let syncs = Replay.recorded(script.moments, from: from, to: to, down: down).syncs
        return Replay(syncs: syncs, heldBy: held.totals)
    }

    /// Whether a decision blamed on the user's pause was recorded within 2 s after `end`
    /// (a pause stops a run, then holds the due sync).
    static func pausedAt(_ end: Date, in moments: [RecordedMoment]) -> Bool {
        moments.contains { moment in
            moment.kind == .decision && moment.failed == [DaemonMachine.pausedMoment]
                && (0...2).contains(moment.at.timeIntervalSince(end))
        }
    }

    /// The ended recorded run whose start is nearest `now`, within 2 s: a restart a moment
    /// after a stop is matched with its own run, not with the stopped one.
    static func nearest(_ runs: [RecordedRun], to now: Date) -> RecordedRun? {
        let distance = { (run: RecordedRun) in abs(run.start.timeIntervalSince(now)) }
        return runs.filter { $0.end != nil && distance($0) <= 2 }.min { distance($0) < distance($1) }
    }

    /// The recorded runs of `moments`: each start with its end and result.
    static func runs(in moments: [RecordedMoment]) -> [RecordedRun] {
        var runs: [RecordedRun] = []
        for moment in moments {
            switch moment.kind {
            case .syncStart:
                runs.append(RecordedRun(start: moment.at, end: nil, result: nil, byDaemon: true))
            case .syncEnd:
                if let last = runs.indices.last, runs[last].end == nil {
                    runs[last].end = moment.at
                    runs[last].result = moment.runEnd
                }
            default:
                break
            }
        }
        return runs
    }
}
