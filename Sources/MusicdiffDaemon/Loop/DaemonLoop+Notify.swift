import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Notifies of a finished run's conflicts by the configured method(s), when
    /// `daemon.notify_on_conflicts` is on. A notifier that fails is logged as a warning: a lost
    /// notification never fails the run or stops the daemon.
    /// A conflict announced less than 24 h ago, and still reported, is not announced again;
    /// the log lists every conflict of every run all the same.
    func notifyConflicts(of result: SyncResult, settings: Config.Daemon) async {
        guard !result.conflicts.isEmpty else { return }
        logger.info("Conflicts: \(ConflictMessage.list(result.conflicts))")
        let outcome = await ConflictNotifiers.announceOnce(
            result,
            settings: settings,
            store: store,
            now: parts.clock.now(),
            make: parts.makeNotifiers
        )
        for report in outcome.reports {
            logger.log(level: report.error == nil ? .info : .warning, "\(report)")
        }
        if !outcome.quiet.isEmpty {
            logger.info("\(ConflictMessage.quietLine(outcome.quiet.count))")
        }
    }
}
