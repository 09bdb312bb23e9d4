import Foundation
import Logging
import MusicdiffCore

/// A sync held after a `while_running` stop, and whether the log has said so.
struct HeldSync: Sendable {
    var hold: StopHold
    var logged = false
}

extension DaemonLoop {
    /// Holds the sync after `check` stopped it at `now` (see ``StopHold``); `activity` is the
    /// run watcher's tracker.
    func holdAfterStop(_ check: RunCheck, at now: Date, activity: ActivityTracker) {
        let hold = StopHold(after: check, at: now, activity: activity)
        stopHold.withLock { $0 = hold.map { HeldSync(hold: $0) } }
    }

    /// The verdict that still holds the sync after a stop, on `snapshot` under `policy`; nil
    /// when nothing holds it (then the hold is over, said in the log). The first time it keeps
    /// a sync the policy allows (`allowed`) from starting, the log says why.
    func heldAfterStop(_ policy: Policy, _ snapshot: Snapshot, now: Date, allowed: Bool) -> Verdict? {
        let (verdict, ended, first) = stopHold.withLock { held -> (Verdict?, Bool, Bool) in
            guard var current = held else { return (nil, false, false) }
            guard let verdict = current.hold.verdict(policy, on: snapshot, at: now) else {
                held = nil
                return (nil, true, false)
            }
            let first = allowed && !current.logged
            current.logged = current.logged || allowed
            held = current
            return (verdict, false, first)
        }
        if ended {
            logger.info("The readings that stopped the sync have changed; it may start again")
            try? store.setValue(nil, for: StateStore.Key.stopHold)
        }
        if first, let verdict {
            logger.info(
                "Sync due and allowed, but held after the stop until the reading changes: \(verdict.holdReason)"
            )
            try? store.setValue(verdict.holdReason, for: StateStore.Key.stopHold)
        }
        return verdict
    }

    /// Ends a hold, if any: a sync starts (as one does outside smart mode, after a reload), or a
    /// run ended other than stopped.
    func endHold() {
        guard stopHold.withLock({ $0.take() }) != nil else { return }
        try? store.setValue(nil, for: StateStore.Key.stopHold)
    }

    /// Says what a due sync waits for: the rule that holds it after a stop, else the policy's
    /// blockers.
    func announce(blocked decision: Decision, held: Verdict?, dueSince: Date?) {
        announce(
            held.map { .held(dueSince: dueSince, reason: $0.holdReason) }
                ?? .blocked(dueSince: dueSince, decision: decision)
        )
    }
}
