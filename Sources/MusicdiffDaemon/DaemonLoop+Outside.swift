import Foundation
import Logging
import MusicdiffCore
import UnixSignals

extension DaemonLoop {
    /// Learns, on every SIGUSR1 (which `musicdiff sync` sends when it has run the job), of the
    /// runs the daemon did not start: they are logged, and a successful one moves the next
    /// due time, since the interval counts from the last run.
    func watchOutsideRuns(_ signals: UnixSignalsSequence) async {
        for await _ in signals {
            guard let run = try? store.recentRuns(limit: 1).first, run.trigger != .daemon, run.endedAt != nil
            else { continue }
            let fresh = outsideRuns.withLock { state -> Bool in
                guard run.id != state.lastSeen else { return false }
                state.lastSeen = run.id
                state.pending.append(run)
                return true
            }
            if fresh { waker.signal(.reload) }
        }
    }

    /// The runs learned of since the last call, logged, and the schedule moved past a
    /// successful one.
    func takeOutsideRuns(_ state: ScheduleState, plan: SchedulePlan) -> ScheduleState {
        let runs = outsideRuns.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
        var state = state
        for run in runs {
            let who = run.trigger == .forced ? "A forced manual sync" : "A manual sync"
            let result = SyncResult(
                outcome: run.outcome,
                exitStatus: run.exitStatus,
                changesApplied: run.changesApplied,
                failedChanges: run.failedChanges,
                conflicts: run.conflicts,
                message: run.message
            )
            let lines = SyncLogLines.lines(for: result).map(\.message).joined(separator: "; ")
            logger.info("\(who) ran outside the daemon: \(lines)")
            if run.outcome.isSuccess, let ended = run.endedAt {
                state = plan.afterRun(
                    state,
                    succeeded: true,
                    now: ended,
                    jitterFraction: Double.random(in: 0..<1)
                )
            }
        }
        return state
    }
}

/// Runs the daemon learned of but did not start.
struct OutsideRuns: Sendable {
    /// The id of the newest one seen, so that a repeated signal logs it once.
    var lastSeen: Int64?
    /// Those not yet taken into the schedule.
    var pending: [SyncRun] = []
}
