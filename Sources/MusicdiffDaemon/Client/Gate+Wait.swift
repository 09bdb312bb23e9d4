import Foundation
import MusicdiffCore

extension Gate {
    /// Waits until `policy` passes on `sensors`' readings, for a job due since `begin` (so the
    /// ladder and `max_deferral` count from when the wait began), or until `timeout`: event
    /// driven, deciding again on each reading change and at the time each decision names
    /// (``WhyNotReport/nextCheck``: the time rules, the next relax step, at most the policy's
    /// `poll`), asleep in between (``GateWakes``). `onBlocked` is told the first decision when
    /// it blocks. Returns the last decision, and whether the policy passed.
    package static func wait(
        for policy: Policy,
        on sensors: any DaemonSensors,
        since begin: Date,
        timeout: Duration?,
        onBlocked: (Decision) -> Void = { _ in }
    ) async -> (decision: Decision, passed: Bool) {
        let wakes = GateWakes(following: sensors, timeout: timeout)
        defer { wakes.close() }
        var decision = decide(policy, on: sensors, since: begin)
        if !decision.shouldSync { onBlocked(decision) }
        while !decision.shouldSync {
            wakes.check(at: report(decision, policy: policy, origin: .shipped).nextCheck)
            guard let wake = await wakes.next(), wake != .timeout else {
                return (decide(policy, on: sensors, since: begin), false)
            }
            decision = decide(policy, on: sensors, since: begin)
        }
        return (decision, true)
    }

    /// The decision on `sensors`' readings now, for a job due since `begin`.
    package static func decide(_ policy: Policy, on sensors: any DaemonSensors, since begin: Date) -> Decision
    {
        let now = Date()
        let snapshot = sensors.snapshot(now: now, lastSync: .known(.never), dueSince: begin)
        return decide(policy, on: snapshot, dueSince: begin, at: now)
    }
}
