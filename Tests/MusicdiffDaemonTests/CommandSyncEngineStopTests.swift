import Clocks
import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffDaemon

/// Stopping a job: on its timeout, and when the caller is cancelled; its children go too.
@Suite struct CommandSyncEngineStopTests {
    let folder: ScratchFolder

    init() throws { folder = try ScratchFolder("musicdiff-stop") }

    /// Runs `body` with a 1 s timeout, returning the result and how long it took.
    func timed(_ body: String, grace: Duration) async throws -> (SyncResult, Duration) {
        let job = try folder.script("job.sh", body)
        let engine = CommandSyncEngine(command: [job], timeout: .seconds(1), grace: grace)
        // Timed on the daemon's kind of executor, out of reach of a busy global pool.
        return await onLoopExecutor {
            let start = ContinuousClock.now
            let result = await engine.sync()
            return (result, ContinuousClock.now - start)
        }.value
    }

    @Test func aJobIgnoringSIGTERMIsKilledOnceTheGracePeriodIsOver() async throws {
        let (result, elapsed) = try await timed(
            "trap '' TERM\necho working >&2\nsleep 30",
            grace: .seconds(1)
        )
        #expect(result.outcome == .timedOut)
        #expect(result.exitStatus == nil)
        // Waited out the grace; that SIGKILL then ended it, the message says (a wall-clock upper
        // bound measured the test runner's busy pool, not the job).
        #expect(elapsed >= .milliseconds(1_900))
        #expect(
            result.message
                == "working\nran longer than sync.timeout (1s) and was stopped (SIGTERM, then SIGKILL after 1s)"
        )
        #expect(
            SyncLogLines.lines(for: result) == [
                SyncLogLine(
                    .error,
                    "Sync failed: timed out: ran longer than sync.timeout (1s) and was stopped"
                        + " (SIGTERM, then SIGKILL after 1s)"
                )
            ]
        )
    }

    @Test func aJobHandlingSIGTERMEndsWithinTheGracePeriodAndStillTimedOut() async throws {
        let (result, _) = try await timed(
            "trap 'echo cleaning up >&2; exit 4' TERM\nsleep 300 &\nwait $!",
            grace: .seconds(120)
        )
        #expect(result.outcome == .timedOut)
        // dash may also report its killed background job ("Terminated") before the trap runs.
        let lines = result.message?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.contains("cleaning up"), "\(lines)")
        // It ended on SIGTERM: the message names no SIGKILL (one that came after the 120 s
        // grace would be named, and the job would have ended by signal 9, not exit 4).
        #expect(lines.last == "ran longer than sync.timeout (1s) and was stopped (SIGTERM)", "\(lines)")
    }

    @Test func aJobThatClosesItsOutputIsStillTimedOut() async throws {
        let (result, _) = try await timed("exec >/dev/null 2>&1\nsleep 30", grace: .seconds(1))
        #expect(result.outcome == .timedOut)
        #expect(result.message?.contains("was stopped (SIGTERM") == true, "\(result.message ?? "")")
    }

    @Test func theJobsChildrenAreStoppedWithIt() async throws {
        let (result, _) = try await timed(
            """
            sleep 300 &
            echo $! > "\(folder.file("child.pid"))"
            (trap '' TERM; exec sleep 300) &
            echo $! > "\(folder.file("stubborn.pid"))"
            wait
            """,
            grace: .seconds(20)
        )
        #expect(result.outcome == .timedOut)
        let child = try #require(
            folder.read("child.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        )
        let stubborn = try #require(
            folder.read("stubborn.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        )
        #expect(await eventually { !isAlive(child) })
        #expect(
            await eventually { !isAlive(stubborn) },
            "a child ignoring SIGTERM is killed once the job has gone"
        )
    }

    @Test func aTimeoutReachedAfterTheJobExitedLeavesItsOwnOutcome() async throws {
        // Its output closed at once, only its exit says that the job ended, and by then the
        // supervisor looks for that every 200 ms: the timeout, reached the moment the job
        // exits, comes first, as it does in a daemon resumed after being frozen.
        let pidFile = folder.file("job.pid")
        let job = try folder.script(
            "job.sh",
            """
            exec >/dev/null 2>&1
            echo $$ > "\(pidFile).tmp" && mv "\(pidFile).tmp" "\(pidFile)"
            sleep 0.5
            exit 3
            """
        )
        let clock = TestClock()
        let engine = CommandSyncEngine(
            command: [job],
            timeout: .seconds(60),
            grace: .seconds(1),
            clock: clock
        )
        let run = onLoopExecutor { await engine.sync() }
        #expect(await eventually { folder.read("job.pid") != nil })
        let pid = try #require(
            folder.read("job.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        )
        let deadline = ContinuousClock.now + .seconds(30)
        while isAlive(pid), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        await clock.advance(by: .seconds(60))
        let result = await run.value
        #expect(result.outcome == .failed, "\(result.message ?? "")")
        #expect(result.exitStatus == 3)
    }

    /// Nothing but the cancel's SIGTERM can end the job within the time limit: its `sleep` and
    /// its timeout are far longer, and SIGKILL would come only after an hour's grace. So the
    /// test needs no wall-clock bound, which a loaded full run's busy global pool stretched.
    @Test(.timeLimit(.minutes(10))) func cancellingTheCallerInterruptsTheJobAndItsChildren() async throws {
        let started = folder.file("started")
        let job = try folder.script(
            "job.sh",
            """
            sleep 100000 &
            echo $! > "\(started).tmp"
            mv "\(started).tmp" "\(started)"
            wait
            """
        )
        let engine = CommandSyncEngine(command: [job], timeout: .seconds(100_000), grace: .seconds(3600))
        let task = onLoopExecutor { await engine.sync() }
        // Looked for with a blocking poll, not an `await`, whose resumption the busy pool can
        // hold back for minutes.
        #expect(poll(timeout: .seconds(60)) { FileManager.default.fileExists(atPath: started) })
        task.cancel()
        let result = await task.value
        #expect(result.outcome == .interrupted)
        #expect(result.message == "the daemon or the sync command that ran it was stopped")
        let child = try #require(
            folder.read("started").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        )
        #expect(await eventually { !isAlive(child) })
    }

    @Test func aCallerCancelledBeforehandStartsNothing() async throws {
        let marker = folder.file("ran")
        let job = try folder.script("job.sh", "touch \"\(marker)\"")
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await CommandSyncEngine(command: [job]).sync()
        }
        let result = await task.value
        #expect(result == SyncResult(outcome: .interrupted, message: "cancelled before the job started"))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
