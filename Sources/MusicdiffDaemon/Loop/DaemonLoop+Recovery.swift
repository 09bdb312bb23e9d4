import Foundation
import Logging
import MusicdiffCore

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonLoop {
    /// How soon a write the store refused is tried again.
    static let storeRetry: Duration = .seconds(10)

    /// Cleans up after a daemon or manual sync that died mid-run (and says why the runs it
    /// left unsaved, if any, could not be taken): stops the job it left
    /// holding the sync lock, then, holding the lock itself, writes what runs were left
    /// unsaved and records the runs still marked running as interrupted. Does nothing while
    /// a live manual sync holds the lock.
    func recoverLeftovers() async {
        if let problem = unsaved.problem { logger.error("\(problem)") }
        var reason = "the daemon or sync command that ran it stopped before the job finished"
        if let orphan = orphanedJob() {
            logger.warning(
                "Stopping the sync job (pid \(orphan.job)) left running by pid \(orphan.owner), which died"
            )
            await ProcessGroup.stop(orphan.job, grace: settings.withLock { $0.config.sync.grace })
            reason = "pid \(orphan.owner), which ran it, died; its job (pid \(orphan.job)) was stopped later"
        }
        guard let lock = try? SyncLock.acquire(at: parts.home.syncLock) else { return }
        defer { lock.release() }
        interruptStaleRuns(reason: reason)
    }

    /// With the sync lock held, so that no run can really be running: saves the runs the
    /// store refused before, then records rows still marked running as interrupted.
    func interruptStaleRuns(reason: String) {
        flushUnsaved()
        do {
            let count = try store.interruptStaleRuns(at: parts.clock.now(), reason: reason)
            if count > 0 {
                logger.warning(
                    "Recorded \(count) run\(count == 1 ? "" : "s") left running as interrupted: \(reason)"
                )
            }
        } catch {
            logger.error("Cannot record the runs left running as interrupted: \(error)")
        }
    }

    /// The sync job still running whose starter is gone, as the sync lock names them.
    func orphanedJob() -> (owner: pid_t, job: pid_t)? {
        SyncLock.orphan(at: parts.home.syncLock).map { (owner: $0.taker, job: $0.job) }
    }

    /// Writes the runs the store refused before; true when none is left.
    @discardableResult
    func flushUnsaved() -> Bool {
        unsaved.flush { run in _ = try store.save(run) }
    }

    /// Records `run`; when the store refuses a finished run, keeps it to write again later
    /// (a start that did not land needs no retry: the end is written with all it knows).
    /// Returns its id. `moment` (the sync's start or end) goes in the same transaction.
    func record(_ run: SyncRun, moment: RecordedMoment? = nil) -> Int64? {
        do {
            return try store.save(run, moment: moment)
        } catch {
            guard run.outcome != .running else {
                logger.error("Cannot record the sync's start: \(error)")
                return run.id
            }
            logger.error("Cannot record the sync run yet, will try again: \(error)")
            unsaved.keep(run)
            return run.id
        }
    }
}
