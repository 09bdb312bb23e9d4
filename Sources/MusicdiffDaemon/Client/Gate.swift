import Foundation
import MusicdiffCore

/// `musicdiff gate`: the policy engine offered to any other job (a backup's timer unit's
/// `ExecCondition=`). It needs no daemon and records nothing in the daemon's store: the job it
/// gates has no history here, so `min_gap` sees no run recorded, and the job counts as due
/// from when the gate was asked (no relax step is in force on a first look).
package enum Gate {
    /// The policy passes: the job may run.
    package static let runs: Int32 = 0
    /// The policy blocks the job now: systemd's `ExecCondition=` skips the unit on 1–254.
    package static let notNow: Int32 = 1
    /// An error (a bad policy or flag, an unreadable file): 255, so that `ExecCondition=`
    /// marks the unit failed instead of skipping it quietly for ever.
    package static let failed: Int32 = 255

    /// The decision for a job due since `dueSince`, on `snapshot` (the machine's readings) at
    /// `now`, with the readings `assuming` names replaced.
    package static func decide(
        _ policy: Policy,
        on snapshot: Snapshot,
        dueSince: Date,
        at now: Date,
        assuming: [Assumption] = []
    ) -> Decision {
        var snapshot = snapshot
        snapshot.lastSync = .known(.never)
        snapshot.dueSince = dueSince
        return PolicyEngine.decide(
            policy,
            on: snapshot.assuming(assuming, at: now),
            at: LocalInstant(date: now, timeZone: .current)
        )
    }

    /// `why-not`'s report of `decision`, without the daemon's history, run or schedule.
    package static func report(
        _ decision: Decision,
        policy: Policy,
        origin: PolicyResolver.Origin,
        assumed: [Assumption] = [],
        movedTime: Bool = false
    ) -> WhyNotReport {
        var report = WhyNotReport(decision: decision, origin: origin, poll: policy.poll, history: [])
        report.historyAsked = 0
        report.dueSince = decision.evaluatedAt
        report.maxDeferral = policy.maxDeferral
        report.assumed = assumed.map { ($0.key, $0.text) }
        report.movedTime = movedTime
        return report
    }
}
