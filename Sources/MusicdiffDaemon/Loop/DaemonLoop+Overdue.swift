import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Sends the overdue alert (`daemon.notify_overdue`) when one is due: checked after each
    /// input the loop takes (a due sync that is held re-checks at the policy's poll, so a
    /// waiting daemon looks at least that often); costs a comparison while a sync succeeded
    /// within the threshold, and the store's read of the moments since only once a day. The
    /// time is kept before the channels are tried, so a failing channel is not retried
    /// before the next day; the channels run beside the loop, never holding it. The alert
    /// carries the predicted window (`usually possible from 22:30 (on 5 of the last 7
    /// weekdays)`) when the recorded days give one.
    func checkOverdue(_ machine: DaemonMachine) {
        let daemon = settings.withLock { $0.config.daemon }
        let now = parts.clock.now()
        guard let threshold = daemon.notifyOverdue, let last = machine.lastSuccess,
            now >= last.adding(threshold)
        else { return }
        var deadline: Date?
        if case .blocked(let decision) = machine.phase { deadline = decision?.deadline }
        guard let alert = OverdueNotice.due(daemon, store: store, deadline: deadline, now: now) else {
            return
        }
        OverdueNotice.keepSent(store, at: now)
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
}
