extension PolicyEngine {
    /// Judges a running sync against `policy`'s `while_running` rules: the job stops when one
    /// fails. Unknown readings never stop it. Without `while_running` nothing stops it.
    ///
    /// The idle rule reads ``Snapshot/activity``, which the caller keeps up to date with an
    /// ``ActivityTracker``; until then it is unknown and never stops the job.
    public static func whileRunning(_ policy: Policy, on snapshot: Snapshot) -> RunCheck {
        guard let rules = policy.whileRunning else { return RunCheck(policy: policy.name, verdicts: []) }
        var verdicts: [Verdict] = []
        var recheckIn: Duration?
        if let rule = rules.network {
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
        if let rule = rules.battery { verdicts.append(runningBattery(rule, snapshot.battery)) }
        if let rule = rules.idle {
            verdicts.append(active(rule, snapshot.activity))
            if let activeFor = snapshot.activity.value?.activeFor, activeFor < rule.activeFor {
                recheckIn = rule.activeFor - activeFor
            }
        }
        return RunCheck(policy: policy.name, verdicts: verdicts, recheckIn: recheckIn)
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
