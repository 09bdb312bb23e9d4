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
    public static func whileRunning(_ policy: Policy, on snapshot: Snapshot, at now: Date? = nil) -> RunCheck
    {
        guard let rules = policy.whileRunning else { return RunCheck(policy: policy.name, verdicts: []) }
        let lifted = now.map { liftedRules(policy, snapshot, $0) } ?? []
        var verdicts: [Verdict] = []
        var recheckIn: Duration?
        if let rule = rules.network, !lifted.contains(.network) {
            let start = network(rule, snapshot.network, .pass, nil)
            verdicts.append(
                Verdict(
                    start.finding,
                    status: start.status,
                    onUnknown: .pass,
                    waiver: nil,
                    whileRunning: true
                )
            )
        }
        if let rule = rules.battery, !lifted.contains(.battery) {
            verdicts.append(runningBattery(rule, snapshot.battery))
        }
        if let rule = rules.idle, !lifted.contains(.idle) {
            verdicts.append(active(rule, snapshot.activity))
            if let activeFor = snapshot.activity.value?.activeFor, activeFor < rule.activeFor {
                recheckIn = rule.activeFor - activeFor
            }
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
        if waiver(policy, overdue) != nil { return [.network, .battery, .idle] }
        let rules = RulesInForce(policy, overdue: overdue)
        var lifted: [Verdict.Rule] = []
        if let step = rules.networkStep,
            step.off
                || rules.network.map({ network($0, snapshot.network, .pass, nil).status != .fail }) == true
        {
            lifted.append(.network)
        }
        if let step = rules.batteryStep,
            step.off
                || rules.battery.map({ battery($0, snapshot.battery, .pass, nil).status != .fail }) == true
        {
            lifted.append(.battery)
        }
        if let step = rules.idleStep,
            step.off || rules.idle.map({ idle($0, snapshot.idle, now, .pass, nil).status != .fail }) == true
        {
            lifted.append(.idle)
        }
        return lifted
    }

    /// On battery below the minimum fails; on AC it passes; without a charge it is unknown.
    static func runningBattery(_ rule: RunningBatteryRule, _ reading: Reading<BatteryState>) -> Verdict {
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let battery) where !battery.onBattery: .pass
            case .known(let battery):
                battery.percent.map { $0 < rule.minPercent ? .fail : .pass } ?? .unknown
            }
        let asStartRule = BatteryRule(onBattery: .allow, minPercent: rule.minPercent)
        return Verdict(
            .battery(asStartRule, reading),
            status: status,
            onUnknown: .pass,
            waiver: nil,
            whileRunning: true
        )
    }

    /// Fails once the user has been active at least `active_for`.
    static func active(_ rule: ActiveRule, _ reading: Reading<ActivityState>) -> Verdict {
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let activity): (activity.activeFor ?? .zero) >= rule.activeFor ? .fail : .pass
            }
        return Verdict(
            .active(limit: rule.activeFor, reading),
            status: status,
            onUnknown: .pass,
            waiver: nil,
            whileRunning: true
        )
    }
}
