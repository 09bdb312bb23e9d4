import Foundation
import MusicdiffCore
import MusicdiffRuntime

extension Gate {
    /// What wakes a waiting gate.
    enum Wake: Sendable {
        /// A sensor's reading changed.
        case change
        /// The time the last decision named to look again (a time rule, a relax step, a poll).
        case check
        /// `--timeout` ran out.
        case timeout
    }

    /// Waits until `policy` passes on `sensors`' readings, for a job due since `begin` (so the
    /// ladder and `max_deferral` count from when the wait began), or until `timeout`: event
    /// driven, deciding again on each reading change and at the time each decision names
    /// (``WhyNotReport/nextCheck``: the time rules, the next relax step, at most the policy's
    /// `poll`), asleep in between. `onBlocked` is told the first decision when it blocks.
    /// Returns the last decision, and whether the policy passed.
    public static func wait(
        for policy: Policy,
        on sensors: any DaemonSensors,
        since begin: Date,
        timeout: Duration?,
        onBlocked: (Decision) -> Void = { _ in }
    ) async -> (decision: Decision, passed: Bool) {
        let (wakes, wake) = AsyncStream<Wake>.makeStream()
        let changes = sensors.changes()
        let following = Task(executorPreference: PreferredExecutor.current) {
            for await _ in changes { wake.yield(.change) }
        }
        let limit = timeout.map { limit in
            Task(executorPreference: PreferredExecutor.current) {
                if (try? await Timers.sleep(for: limit)) != nil { wake.yield(.timeout) }
            }
        }
        var check: Task<Void, Never>?
        defer {
            following.cancel()
            limit?.cancel()
            check?.cancel()
            wake.finish()
        }
        var woken = wakes.makeAsyncIterator()
        var decision = decide(policy, on: sensors, since: begin)
        if !decision.shouldSync { onBlocked(decision) }
        while !decision.shouldSync {
            let next = report(decision, policy: policy, origin: .shipped).nextCheck
            check?.cancel()
            check = Task(executorPreference: PreferredExecutor.current) {
                let at = next.timeIntervalSince1970
                if (try? await Timers.sleep(untilWallClock: at)) != nil { wake.yield(.check) }
            }
            guard let wake = await woken.next(), wake != .timeout else {
                return (decide(policy, on: sensors, since: begin), false)
            }
            decision = decide(policy, on: sensors, since: begin)
        }
        return (decision, true)
    }

    /// The decision on `sensors`' readings now, for a job due since `begin`.
    static func decide(_ policy: Policy, on sensors: any DaemonSensors, since begin: Date) -> Decision {
        let now = Date()
        let snapshot = sensors.snapshot(now: now, lastSync: .known(.never), dueSince: begin)
        return decide(policy, on: snapshot, dueSince: begin, at: now)
    }
}
