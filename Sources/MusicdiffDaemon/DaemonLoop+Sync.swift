import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Runs the sync job once, recorded in the store; nil when a manual sync holds the sync
    /// lock. Cancellation (shutdown) stops the job, and the run is recorded as interrupted.
    func runSync(_ settings: DaemonSettings) async -> SyncResult? {
        let lock: PidLock
        do {
            guard let acquired = try PidLock.acquire(at: parts.home.syncLock) else {
                let holder = PidLock.holder(at: parts.home.syncLock).map { " (pid \($0))" } ?? ""
                logger.warning("A manual sync is running\(holder); the daemon's sync waits for it")
                return nil
            }
            lock = acquired
        } catch {
            logger.error("Cannot take the sync lock: \(error)")
            return nil
        }
        defer { lock.release() }
        var run = SyncRun(startedAt: parts.clock.now(), trigger: .daemon, outcome: .running)
        run.id = record(run)
        logger.info("Starting automatic sync...")
        let result = await parts.makeEngine(settings.config.sync).sync()
        run.endedAt = parts.clock.now()
        run.apply(result)
        _ = record(run)
        SyncLogLines.log(result, to: logger)
        await notifyConflicts(of: result, settings: settings.config.daemon)
        return result
    }

    private func record(_ run: SyncRun) -> Int64? {
        do {
            return try store.save(run)
        } catch {
            logger.error("Cannot record the sync run: \(error)")
            return run.id
        }
    }
}

extension SyncRun {
    /// Fills in what a finished job reported.
    public mutating func apply(_ result: SyncResult) {
        outcome = result.outcome
        exitStatus = result.exitStatus
        changesApplied = result.changesApplied
        failedChanges = result.failedChanges
        conflicts = result.conflicts
        message = result.lastMessageLine()
    }
}
