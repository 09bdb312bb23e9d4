import Foundation

extension HistorySimulator {
    /// The simulated daemon: its schedule state, its last success, and what it recorded.
    struct Recorder {
        let simulator: HistorySimulator
        var moments: [RecordedMoment] = []
        var runs: [RecordedRun] = []
        var lastSuccess: Date?
        var lastDecision: [String]?
        var lastDecidedAt: Date?
        var stopped: Set<Date> = []

        init(simulator: HistorySimulator) { self.simulator = simulator }

        mutating func play(from start: Date, to end: Date) {
            var now = start
            var state = simulator.plan.start(persisted: nil, lastRun: nil, now: now)
            record(.daemonStart, at: now, dueSince: nil)
            while now < end {
                if let down = simulator.down.first(where: { $0.contains(now) }) {
                    record(.daemonStop, at: now, dueSince: state.dueSince)
                    now = min(down.upperBound, end)
                    guard now < end else { return }
                    state = simulator.plan.start(persisted: state, lastRun: nil, now: now)
                    lastDecision = nil
                    record(.daemonStart, at: now, dueSince: state.dueSince)
                    continue
                }
                let downStart = simulator.down.map(\.lowerBound).filter { $0 > now }.min() ?? end
                let limit = min(downStart, end)
                state = simulator.plan.markDue(state, now: now)
                var decision: Decision?
                if now >= state.nextDue {
                    decision = decide(state, at: now, event: false)
                }
                switch TickAction.next(state: state, now: now, decision: decision, policy: simulator.policy) {
                case .runSync:
                    (now, state) = sync(state, at: now, limit: limit)
                case .sleep(let until), .waitForTime(let until):
                    now = min(until, limit)
                case .waitForChange(let until):
                    var next = min(until, limit)
                    // Reading changes wake the daemon; those that leave the decision as it
                    // was are not recorded.
                    while let change = simulator.nextChange(after: now, before: next) {
                        now = change
                        let changed = decide(state, at: now, event: true)
                        if changed.shouldSync {
                            next = now
                            break
                        }
                    }
                    if now < next { now = next }
                }
            }
        }

        /// The decision at `now`, recorded on a poll tick, or on an event that changed it.
        mutating func decide(_ state: ScheduleState, at now: Date, event: Bool) -> Decision {
            var snapshot = simulator.readings(at: now)
            snapshot.lastSync = .known(lastSuccess.map(LastSync.at) ?? .never)
            snapshot.dueSince = state.dueSince
            let decision = PolicyEngine.decide(
                simulator.policy,
                on: snapshot,
                at: LocalInstant(date: now, utcOffset: simulator.utcOffset)
            )
            let blockers = decision.blockers.map(\.rawValue)
            // A second look at the same instant (the tick after the event that woke it) is
            // recorded only if it changed, as an event is.
            let again = event || lastDecidedAt == now
            lastDecidedAt = now
            if !again || blockers != lastDecision {
                moments.append(
                    RecordedMoment(decision: decision, snapshot: snapshot, utcOffset: simulator.utcOffset)
                )
            }
            lastDecision = blockers
            return decision
        }

        /// Runs the sync from `now`; returns when it ended and the state after it.
        mutating func sync(_ state: ScheduleState, at now: Date, limit: Date) -> (Date, ScheduleState) {
            record(.syncStart, at: now, dueSince: state.dueSince)
            var end = now.adding(simulator.runLength)
            // A stop moment stops the first run that starts after it, two minutes in.
            let stop = simulator.stops.first { $0 <= now && !stopped.contains($0) }
            if let stop {
                stopped.insert(stop)
                end = min(end, now.adding(.seconds(120)))
            }
            let result: RunEnd = stop == nil ? .synced : .stopped
            runs.append(RecordedRun(start: now, end: end, result: result, byDaemon: true))
            record(.syncEnd, at: end, dueSince: state.dueSince, runEnd: result)
            lastDecision = nil
            guard result == .synced else { return (end, simulator.plan.afterStop(state, now: end)) }
            lastSuccess = end
            return (end, simulator.plan.afterRun(state, succeeded: true, now: end, jitterFraction: 0))
        }

        mutating func record(
            _ kind: RecordedMoment.Kind,
            at date: Date,
            dueSince: Date?,
            runEnd: RunEnd? = nil
        ) {
            var readings = simulator.readings(at: date)
            readings.dueSince = dueSince
            moments.append(
                RecordedMoment(
                    at: date,
                    utcOffset: simulator.utcOffset,
                    kind: kind,
                    policy: simulator.policy.name,
                    dueSince: dueSince,
                    readings: readings,
                    runEnd: runEnd
                )
            )
        }
    }
}
