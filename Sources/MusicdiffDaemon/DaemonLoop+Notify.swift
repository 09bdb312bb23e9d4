import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Notifies of a finished run's conflicts by the configured method(s), when
    /// `daemon.notify_on_conflicts` is on. A notifier that fails is logged as a warning: a lost
    /// notification never fails the run or stops the daemon.
    func notifyConflicts(of result: SyncResult, settings: Config.Daemon) async {
        for report in await ConflictNotifiers.announce(result, settings: settings, make: parts.makeNotifiers)
        {
            logger.log(level: report.error == nil ? .info : .warning, "\(report)")
        }
    }
}
