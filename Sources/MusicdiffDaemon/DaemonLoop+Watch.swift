import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Runs the job through `engine` while watching the policy's `while_running` rules, if it
    /// has any: on every sensor event, reload and poll tick the rules are checked again, and
    /// the first that fails stops the job (SIGTERM, SIGKILL after `grace`), which is then
    /// recorded as stopped. With systemd's watchdog and no such rules, the loop waits on the
    /// job in a wait that only pings.
    func runWatched(
        _ engine: any SyncEngine,
        _ request: SyncRequest,
        dueSince: Date?
    ) async -> SyncResult {
        let rules = settings.withLock({ $0.policy?.policy.whileRunning }) != nil
        guard rules || parts.service.watchdogEvery != nil else { return await engine.sync(request) }
        return await withTaskGroup(of: SyncResult?.self) { group in
            group.addTask { await engine.sync(request) }
            group.addTask {
                if rules {
                    await self.watch(request.control, dueSince: dueSince)
                } else {
                    await self.wait(until: .distantFuture, for: [])
                }
                return nil
            }
            var result: SyncResult?
            while result == nil, let next = await group.next() { result = next }
            group.cancelAll()
            return result ?? SyncResult(outcome: .interrupted)
        }
    }

    /// The stop a check calls for: its reason, with the rules' grace period.
    static func stop(for check: RunCheck, rules: WhileRunning) -> RunControl.Stop? {
        check.stopReason.map { RunControl.Stop(reason: $0, grace: rules.grace) }
    }

    /// Checks the `while_running` rules until one fails (then asks `control` to stop the job)
    /// or until cancelled, when the job has ended. The policy is read afresh at each check,
    /// so a reload applies to the running job too.
    func watch(_ control: RunControl, dueSince: Date?) async {
        var tracker = ActivityTracker()
        while !Task.isCancelled {
            guard let policy = settings.withLock({ $0.policy?.policy }), let rules = policy.whileRunning
            else {
                await wait(until: .distantFuture, for: [.reload])
                continue
            }
            let now = parts.clock.now()
            var snapshot =
                sensors.withLock { $0 }?.snapshot(
                    now: now,
                    lastSync: .unknown(reason: "not read while a sync runs"),
                    dueSince: dueSince
                ) ?? Snapshot.unread(lastSync: .unknown(reason: "no sensors"), dueSince: dueSince)
            snapshot.activity = tracker.observe(snapshot.idle, at: now)
            let check = PolicyEngine.whileRunning(policy, on: snapshot, at: now)
            parts.onEvent(.runChecked(stop: check.stopReason))
            if let stop = Self.stop(for: check, rules: rules) {
                logger.info("Stopping the sync: \(stop.reason)")
                holdAfterStop(check, at: now, activity: tracker)
                control.stop(reason: stop.reason, grace: stop.grace)
                return
            }
            var deadline = now.adding(policy.poll)
            if let recheck = check.recheckIn {
                deadline = min(deadline, now.adding(max(recheck, .seconds(1))))
            }
            await wait(until: deadline, for: [.sensor, .reload])
        }
    }
}
