import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Runs the sync job once, recorded in the store; nil when another sync holds the sync
    /// lock. Cancellation (shutdown) stops the job, and the run is recorded as interrupted.
    func runSync(_ settings: DaemonSettings, dueSince: Date?) async -> SyncResult? {
        let lock: SyncLock
        do {
            if orphanedJob() != nil { await recoverLeftovers() }
            lock = try SyncLock.acquire(at: parts.home.syncLock)
        } catch .syncAlreadyRunning(let pid, let command) {
            let holder = pid.map { RunningProcess(pid: $0, command: command) }
            logger.warning(
                "Another sync is running (\(holder?.description ?? "its pid is unknown")); the daemon's sync waits for it"
            )
            announce(.waitingForOtherSync(holder))
            return nil
        } catch {
            logger.error("Cannot take the sync lock: \(error)")
            return nil
        }
        defer { lock.release() }
        interruptStaleRuns(reason: "the daemon or sync command that ran it stopped before the job finished")
        var run = SyncRun(startedAt: parts.clock.now(), trigger: .daemon, outcome: .running)
        run.id = record(run, moment: moment(.syncStart, dueSince: dueSince))
        logger.info("Starting automatic sync...")
        endHold()
        parts.onEvent(.syncStarted)
        announce(.syncing(since: run.startedAt, pid: nil))
        let watch = settings.policy.map { WhileRunning.stopClause($0.policy.whileRunning) }
        try? store.setValue(watch, for: StateStore.Key.runWatch)
        let control = RunControl()
        let hold = await holdSleepForRun()
        currentRun.withLock { $0 = control }
        var request = SyncRequest(
            trigger: .daemon,
            settings: settings.config.daemon,
            lock: lock,
            control: control
        )
        request.onStart = { [startedAt = run.startedAt] in self.announce(.syncing(since: startedAt, pid: $0))
        }
        let result = await runWatched(parts.makeEngine(settings.config.sync), request, dueSince: dueSince)
        // The job is gone: a coming suspend need wait no longer.
        currentRun.withLock { $0 = nil }
        hold?.release()
        try? store.setValue(nil, for: StateStore.Key.runWatch)
        run.endedAt = parts.clock.now()
        run.apply(result)
        // Only a `while_running` stop holds the next start (see ``holdAfterStop``).
        if result.outcome != .stopped { endHold() }
        _ = record(run, moment: moment(.syncEnd, dueSince: dueSince, runEnd: result.outcome.runEnd))
        SyncLogLines.log(result, to: logger)
        parts.onEvent(.syncEnded(result.outcome))
        if result.outcome != .stopped { await notifyConflicts(of: result, settings: settings.config.daemon) }
        return result
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
        output = result.output.isEmpty ? nil : result.output.joined(separator: "\n")
    }
}
