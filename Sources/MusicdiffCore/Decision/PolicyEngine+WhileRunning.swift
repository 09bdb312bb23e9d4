import Foundation

extension PolicyEngine {
    /// Judges a running sync against `policy`'s `while_running` rules: the job stops when one
    /// fails. Unknown readings never stop it. Without `while_running` nothing stops it.
    ///
    /// The idle rule reads ``Snapshot/activity``, which the caller keeps up to date with an
    /// ``ActivityTracker``; until then it is unknown and never stops the job.
    ///
    /// Given `now`, the ladder applies to the run as to its start: a rule that a relax step in
    /// force replaced stops the job only when the relaxed start rule fails too, one it turned
    /// off (or every rule, past `max_deferral`) never stops it, so a sync the relaxed rules
    /// started is not stopped at once for what they allowed.
    package static func whileRunning(_ policy: Policy, on snapshot: Snapshot, at now: Date? = nil) -> RunCheck
    {
        guard let rules = policy.whileRunning else { return RunCheck(policy: policy.name, verdicts: []) }
        let lifted = now.map { liftedRules(policy, snapshot, $0) } ?? []
        var verdicts: [Verdict] = []
        var recheckIn: Duration?
        for (rule, type) in Verdict.Rule.stopRules where !lifted.contains(rule) {
            guard let (verdict, recheck) = type.check(in: rules, snapshot) else { continue }
            verdicts.append(verdict)
            recheckIn = recheck ?? recheckIn
        }
        return RunCheck(policy: policy.name, verdicts: verdicts, recheckIn: recheckIn)
    }

    /// The start rules whose relaxed form, in force at `now`, allows the run: the
    /// `while_running` rules of the same name do not stop it.
    static func liftedRules(_ policy: Policy, _ snapshot: Snapshot, _ now: Date) -> [Verdict.Rule] {
        guard let due = snapshot.dueSince, !policy.relax.isEmpty || policy.maxDeferral != nil else {
            return []
        }
        let overdue = now.duration(since: due)
        if waiver(policy, overdue) != nil { return Verdict.Rule.stopRules.map(\.rule) }
        let rules = RulesInForce(policy, overdue: overdue)
        return Verdict.Rule.stopRules.compactMap { rule, _ in
            guard let step = rules.mark(rule, in: policy) else { return nil }
            var start: [Verdict] = []
            rule.appendVerdict(to: &start, policy, rules, snapshot, now, .pass, nil)
            return step.off || start.first.map({ $0.status != .fail }) == true ? rule : nil
        }
    }
}
