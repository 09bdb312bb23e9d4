import Foundation

/// Judges a snapshot against a policy: `(policy, snapshot, now) -> Decision`.
///
/// Pure: no I/O and no clock reads, so it is cheap enough to run on every tick and every
/// sensor event, and tests give it any moment they like.
public enum PolicyEngine {
    /// Decides whether a due sync may run at `now`. The relax steps and `max_deferral` count
    /// from the snapshot's `dueSince`.
    public static func decide(_ policy: Policy, on snapshot: Snapshot, at now: LocalInstant) -> Decision {
        let overdue = snapshot.dueSince.map { now.date.duration(since: $0) }
        let waiver = self.waiver(policy, overdue)
        let rules = RulesInForce(policy, overdue: overdue)
        let unknown = policy.onUnknown
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(6)
        var allowedAt = now.date

        if let gap = policy.minGap {
            let verdict = minGap(gap, snapshot.lastSync, now.date, unknown)
            if case .minGap(_, _, _, let at?) = verdict.finding { allowedAt = max(allowedAt, at) }
            verdicts.append(verdict)
        }
        if let windows = rules.window {
            verdicts.append(window(windows, now, unknown, waiver, rules.windowStep))
            if waiver == nil, rules.windowStep?.off != true {
                let second = LocalInstant.secondOfDay(of: allowedAt, utcOffset: now.utcOffset)
                let wait = secondsUntilOpen(windows, second)
                allowedAt = allowedAt.addingTimeInterval(Double(wait))
            }
        }
        if let rule = rules.idle {
            verdicts.append(idle(rule, snapshot.idle, now.date, unknown, waiver, rules.idleStep))
        }
        if let rule = rules.network {
            verdicts.append(network(rule, snapshot.network, unknown, waiver, rules.networkStep))
        }
        if let rule = rules.load {
            verdicts.append(load(rule, snapshot.load, unknown, waiver, rules.loadStep))
        }
        if let rule = rules.battery {
            verdicts.append(battery(rule, snapshot.battery, unknown, waiver, rules.batteryStep))
        }

        if !snapshot.assumed.isEmpty {
            for index in verdicts.indices {
                let reading = AssumedReadings.of(verdicts[index].rule)
                verdicts[index].assumed = !reading.isEmpty && snapshot.assumed.contains(reading)
            }
        }
        let next = waiver == nil ? rules.next : nil
        let nextStepAt = next.flatMap { index in snapshot.dueSince?.adding(policy.relax[index].after) }
        return Decision(
            shouldSync: !verdicts.contains { $0.blocks },
            policy: policy.name,
            evaluatedAt: now.date,
            verdicts: verdicts,
            waiver: waiver,
            timeRulesAllowAt: allowedAt,
            ladder: policy.relax,
            stepIndex: rules.step,
            nextStepIndex: nextStepAt == nil ? nil : next,
            nextStepAt: nextStepAt,
            deadline: snapshot.dueSince.flatMap {
                deadline(policy, due: $0, lastSync: snapshot.lastSync, now: now.date)
            }
        )
    }

    /// The latest time a sync due since `due` will run if the machine is on: `due +
    /// max_deferral`, or later when `min_gap` holds it past that; nil without `max_deferral`.
    public static func deadline(_ policy: Policy, due: Date, lastSync: Reading<LastSync>, now: Date) -> Date?
    {
        guard let limit = policy.maxDeferral else { return nil }
        let waived = due.adding(limit)
        guard let gap = policy.minGap, case .known(.at(let last)) = lastSync else { return waived }
        // A last sync in the future counts as just now, as the min_gap rule has it.
        return max(waived, min(last, now).adding(gap))
    }

    /// The waiver in force when the pending sync has been due at least `max_deferral`.
    static func waiver(_ policy: Policy, _ overdue: Duration?) -> Waiver? {
        guard let limit = policy.maxDeferral, let overdue else { return nil }
        return overdue >= limit ? Waiver(overdue: overdue, maxDeferral: limit) : nil
    }

    static func minGap(
        _ gap: Duration,
        _ last: Reading<LastSync>,
        _ now: Date,
        _ unknown: UnknownPolicy
    )
        -> Verdict
    {
        switch last {
        case .unknown:
            return Verdict(
                .minGap(gap: gap, last: last, elapsed: nil, allowedAt: nil),
                status: .unknown,
                onUnknown: unknown,
                waiver: nil
            )
        case .known(.never):
            return Verdict(
                .minGap(gap: gap, last: last, elapsed: nil, allowedAt: nil),
                status: .pass,
                onUnknown: unknown,
                waiver: nil
            )
        case .known(.at(let date)):
            // A last sync in the future (the clock was set back) counts as just now:
            // it delays by at most one gap, never forever.
            let elapsed = max(now.duration(since: date), .zero)
            let allowedAt = elapsed >= gap ? nil : now.adding(gap - elapsed)
            return Verdict(
                .minGap(gap: gap, last: last, elapsed: elapsed, allowedAt: allowedAt),
                status: elapsed >= gap ? .pass : .fail,
                onUnknown: unknown,
                waiver: nil
            )
        }
    }

    static func window(
        _ windows: [TimeWindow],
        _ now: LocalInstant,
        _ unknown: UnknownPolicy,
        _ waiver: Waiver?,
        _ step: StepMark? = nil
    )
        -> Verdict
    {
        let second = now.secondOfDay
        let wait = secondsUntilOpen(windows, second)
        return Verdict(
            .window(windows, secondOfDay: second, opensIn: wait),
            status: wait == 0 ? .pass : .fail,
            onUnknown: unknown,
            waiver: waiver,
            step: step
        )
    }

    /// Seconds until one of `windows` is open at `second` after midnight; 0 when one is.
    static func secondsUntilOpen(_ windows: [TimeWindow], _ second: Int) -> Int {
        var wait = Int.max
        for window in windows {
            if window.contains(secondOfDay: second) { return 0 }
            wait = min(wait, window.secondsUntilOpen(from: second))
        }
        return wait == Int.max ? 0 : wait
    }
}
