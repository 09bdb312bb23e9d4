import Foundation

/// Judges a snapshot against a policy: `(policy, snapshot, now) -> Decision`.
///
/// Pure: no I/O and no clock reads, so it is cheap enough to run on every tick and every
/// sensor event, and tests give it any moment they like.
package enum PolicyEngine {
    /// Decides whether a due sync may run at `now`. The relax steps and `max_deferral` count
    /// from the snapshot's `dueSince`.
    package static func decide(_ policy: Policy, on snapshot: Snapshot, at now: LocalInstant) -> Decision {
        let overdue = snapshot.dueSince.map { now.date.duration(since: $0) }
        let waiver = self.waiver(policy, overdue)
        let rules = RulesInForce(policy, overdue: overdue)
        let unknown = policy.onUnknown
        var verdicts: [Verdict] = []
        // Room for the rules the policy holds (and min_gap), not for every rule: an array of
        // every rule's verdicts outgrows malloc's per-thread cache (over 1 KiB).
        verdicts.reserveCapacity(rules.held + 1)
        var allowedAt = now.date

        if let gap = policy.minGap {
            let (finding, status) = MinGapFacts.judge(gap, snapshot.lastSync, now.date)
            if case .minGap(let facts) = finding, let at = facts.allowedAt { allowedAt = max(allowedAt, at) }
            verdicts.append(Verdict(finding, status: status, onUnknown: unknown, waiver: nil))
        }
        if let windows = rules[[TimeWindow].self, in: policy] {
            let step = rules.mark(.window, in: policy)
            verdicts.append(window(windows, now, unknown, waiver, step))
            if waiver == nil, step?.off != true {
                let second = LocalInstant.secondOfDay(of: allowedAt, utcOffset: now.utcOffset)
                let wait = secondsUntilOpen(windows, second)
                allowedAt = allowedAt.addingTimeInterval(Double(wait))
            }
        }
        // The rules the policy holds but min_gap and window (judged above), in list order.
        var held = rules.holds & ~(1 << Verdict.Rule.minGap.index | 1 << Verdict.Rule.window.index)
        while held != 0 {
            let rule = Verdict.Rule.allCases[held.trailingZeroBitCount]
            held &= held - 1
            rule.appendVerdict(to: &verdicts, policy, rules, snapshot, now.date, unknown, waiver)
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
    package static func deadline(_ policy: Policy, due: Date, lastSync: Reading<LastSync>, now: Date) -> Date?
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
            .window(WindowFacts(windows: windows, secondOfDay: second, opensIn: wait)),
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
