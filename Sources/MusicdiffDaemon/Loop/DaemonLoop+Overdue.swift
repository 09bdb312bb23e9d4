import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Sends the overdue alert (`daemon.notify_overdue`) when one is due: checked after each
    /// input the loop takes (a due sync that is held re-checks at the policy's poll, so a
    /// waiting daemon looks at least that often); costs a comparison while a sync succeeded
    /// within the threshold, and the store's read of the moments since only once a day. The
    /// time is kept before the channels are tried, so a failing channel is not retried
    /// before the next day; the channels run beside the loop, never holding it.
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
        let lines = OverdueNotice.lines(alert, now: now, timeZone: settings.withLock { $0.plan.timeZone })
        logger.warning("\(lines.joined(separator: " "))")
        Task(executorPreference: PreferredExecutor.current) {
            for (ok, text) in await OverdueNotice.send(lines, settings: daemon) {
                self.logger.log(level: ok ? .info : .warning, "\(text)")
            }
        }
    }
}
