import Foundation

/// What keeps a sync that a `while_running` rule stopped from starting again at once: the
/// rules that stopped it hold it until the readings they failed on have changed so that they
/// would not stop it again, or until a relax step, `max_deferral` or a reload lifts them.
///
/// The parser already refuses a policy whose start rules do not imply its `while_running`
/// rules (``StopImplication``); the hold is the daemon's own guarantee, for any policy, that a
/// stop is never followed by a restart under the same readings.
package struct StopHold: Sendable, Equatable {
    /// The rules that stopped the sync.
    package let rules: [Verdict.Rule]
    /// When it stopped.
    package let since: Date
    /// The user's activity, as the run's watcher saw it up to the stop and the hold since.
    var activity: ActivityTracker

    /// The hold after `check` stopped a sync at `now`; `activity` is the tracker the run's
    /// watcher kept. Nil when no rule failed (a stop for a suspend holds nothing).
    package init?(after check: RunCheck, at now: Date, activity: ActivityTracker) {
        guard !check.stoppers.isEmpty else { return nil }
        rules = check.stoppers
        since = now
        self.activity = activity
    }

    /// The verdict of a rule that still holds the sync on `snapshot` at `now` under `policy`
    /// (the one in force now); nil once none does, and the hold is over. The user's activity
    /// is followed from `snapshot`'s idle reading, as while the sync ran.
    package mutating func verdict(_ policy: Policy, on snapshot: Snapshot, at now: Date) -> Verdict? {
        var snapshot = snapshot
        snapshot.activity = activity.observe(snapshot.idle, at: now)
        let check = PolicyEngine.whileRunning(policy, on: snapshot, at: now)
        return check.verdicts.first { $0.status == .fail && rules.contains($0.rule) }
    }
}

extension Verdict {
    /// For a `while_running` verdict that holds a stopped sync, why, as the status line and
    /// the log say it: `network: the network turned metered (yes)`.
    package var holdReason: String { "\(rule.rawValue): \(stopReason ?? reason)" }
}
