import Foundation

/// Judges a snapshot against a policy: `(policy, snapshot, now) -> Decision`.
///
/// Pure: no I/O and no clock reads, so it is cheap enough to run on every tick and every
/// sensor event, and tests give it any moment they like.
public enum PolicyEngine {
    /// Decides whether a due sync may run at `now`.
    public static func decide(_ policy: Policy, on snapshot: Snapshot, at now: LocalInstant) -> Decision {
        let waiver = self.waiver(policy, snapshot, now.date)
        let unknown = policy.onUnknown
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(6)
        var allowedAt = now.date

        if let gap = policy.minGap {
            let verdict = minGap(gap, snapshot.lastSync, now.date, unknown)
            if case .minGap(_, _, _, let at?) = verdict.finding { allowedAt = max(allowedAt, at) }
            verdicts.append(verdict)
        }
        if let windows = policy.window {
            verdicts.append(window(windows, now, unknown, waiver))
            if waiver == nil {
                let second = LocalInstant.secondOfDay(of: allowedAt, utcOffset: now.utcOffset)
                let wait = secondsUntilOpen(windows, second)
                allowedAt = allowedAt.addingTimeInterval(Double(wait))
            }
        }
        if let rule = policy.idle { verdicts.append(idle(rule, snapshot.idle, now.date, unknown, waiver)) }
        if let rule = policy.network { verdicts.append(network(rule, snapshot.network, unknown, waiver)) }
        if let rule = policy.load { verdicts.append(load(rule, snapshot.load, unknown, waiver)) }
        if let rule = policy.battery { verdicts.append(battery(rule, snapshot.battery, unknown, waiver)) }

        return Decision(
            shouldSync: !verdicts.contains { $0.blocks },
            policy: policy.name,
            evaluatedAt: now.date,
            verdicts: verdicts,
            waiver: waiver,
            timeRulesAllowAt: allowedAt
        )
    }

    /// The waiver in force when the pending sync has been due at least `max_deferral`.
    static func waiver(_ policy: Policy, _ snapshot: Snapshot, _ now: Date) -> Waiver? {
        guard let limit = policy.maxDeferral, let due = snapshot.dueSince else { return nil }
        let overdue = now.duration(since: due)
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
        _ waiver: Waiver?
    )
        -> Verdict
    {
        let second = now.secondOfDay
        let wait = secondsUntilOpen(windows, second)
        return Verdict(
            .window(windows, secondOfDay: second, opensIn: wait),
            status: wait == 0 ? .pass : .fail,
            onUnknown: unknown,
            waiver: waiver
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
