import Foundation
import Logging
import MusicdiffCore

/// How a run asked for once came out.
package enum OnceOutcome: Sendable {
    /// The job ran (to its end, or until stopped) with this result.
    case ran(SyncResult)
    /// The policy kept it from starting.
    case blocked(Decision)
    /// The user's pause kept it from starting.
    case paused(Pause)
}

extension DaemonLoop {
    /// Runs the sync once now, as `musicdiff sync` asks, through the daemon's own machine: the
    /// policy gates it (unless `force`), its `while_running` rules watch it, logind's sleep
    /// lock is held while it runs, and its start and end are recorded with the readings as a
    /// daemon's are. The schedule stays the daemon's (a running daemon learns of the run), and
    /// no tick is recorded. ``stopOnce()`` (SIGINT, SIGTERM) stops the job: it is recorded
    /// as interrupted. `lock` is the sync lock the command took.
    package func runOnce(force: Bool, trigger: SyncRun.Trigger, lock: SyncLock) async -> OnceOutcome {
        let settings = self.settings.withLock { $0 }
        if settings.policy != nil { await startSensors()?.waitUntilReady(timeout: .seconds(1)) }
        defer { sensors.withLock { $0 }?.stop() }
        var state = LoopState(
            machine: DaemonMachine(setup: settings.machineSetup),
            suspendedSoFar: parts.clock.suspendedSinceBoot()
        )
        state.once = OnceRun(trigger: trigger, lock: lock)
        await feed(.readings(readNow()), &state)
        if let pause = (try? store.pause()) ?? nil { await feed(.paused(pause), &state) }
        await feed(startEvent(settings, writing: false), &state)
        if state.job == nil { await feed(.runNow(force: force), &state) }
        guard state.job != nil else {
            // runNow starts the job unless a pause or the policy blocks it, and then says by what.
            if let pause = state.once?.paused { return .paused(pause) }
            guard let decision = state.once?.blocked else {
                preconditionFailure("runNow neither started nor blocked")
            }
            return .blocked(decision)
        }
        arm(&state)
        while state.once?.result == nil {
            await take(await inbox.next(), &state)
        }
        state.timer?.task.cancel()
        return .ran(state.once?.result ?? SyncResult(outcome: .interrupted))
    }

    /// Stops a run asked for once (the command's SIGINT or SIGTERM).
    package func stopOnce() { inbox.post(.terminate) }
}
