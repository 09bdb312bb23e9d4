import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Sends the overdue alert (`daemon.notify_overdue`) when one is due: checked after each
    /// input the loop takes, and the loop's timer wakes it at ``nextOverdueAlert(_:)``. Costs
    /// a comparison of times the loop holds until an alert is due; the store is read (the
    /// moments since the last success) only then, once a day. The time is kept in the loop
    /// before the channels are tried, so a failing channel, or a store that refuses to keep
    /// the time, sends nothing more before the next day; the channels run beside the loop,
    /// never holding it. The alert carries the predicted window (`usually possible from 22:30
    /// (on 5 of the last 7 weekdays)`) when the recorded days give one.
    func checkOverdue(_ state: inout LoopState) {
        // A daemon whose syncs never succeeded counts from its first run.
        if state.machine.lastSuccess == nil, state.firstRun == nil {
            state.firstRun = state.machine.lastRunStart
        }
        let daemon = settings.withLock { $0.config.daemon }
        let now = parts.clock.now()
        guard let at = nextOverdueAlert(state), now >= at else { return }
        var deadline: Date?
        if case .blocked(let decision) = state.machine.phase { deadline = decision?.deadline }
        guard
            let alert = OverdueNotice.due(
                daemon,
                store: store,
                deadline: deadline,
                now: now,
                ignoringLastAlert: true
            )
        else { return }
        state.overdueAlertedAt = now
        arm(&state)  // for the next day's
        do {
            try OverdueNotice.keepSent(store, at: now)
        } catch {
            logger.warning(
                "Cannot keep when the overdue alert went (the next waits a day all the same): \(error)"
            )
        }
        let (policy, timeZone) = settings.withLock { ($0.policy?.policy, $0.plan.timeZone) }
        var lines = OverdueNotice.lines(alert, now: now, timeZone: timeZone)
        // The predicted window, as why-not says it, before the hint: the read of the last 14
        // days' moments is made once a day, with the alert, not on a tick.
        if let policy,
            let predicted = (try? store.prediction(for: policy, now: now, timeZone: timeZone)) ?? nil
        {
            lines.insert(
                predicted.text(now: now, ShortTime(now: now, timeZone: timeZone).string),
                at: lines.count - 1
            )
        }
        logger.warning("\(lines.joined(separator: " "))")
        Task(executorPreference: PreferredExecutor.current) {
            for (ok, text) in await OverdueNotice.send(lines, settings: daemon) {
                self.logger.log(level: ok ? .info : .warning, "\(text)")
            }
        }
    }

    /// When the next overdue alert is due, from the loop's last success (or first run, when
    /// none succeeded) and last alert; nil without `daemon.notify_overdue` or a run.
    func nextOverdueAlert(_ state: LoopState) -> Date? {
        guard let threshold = settings.withLock({ $0.config.daemon.notifyOverdue }) else { return nil }
        return OverdueAlert.nextAt(
            threshold: threshold,
            lastSuccess: state.machine.lastSuccess ?? state.firstRun,
            lastAlert: state.overdueAlertedAt
        )
    }
}
