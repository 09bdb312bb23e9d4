import MusicdiffRuntime
import Subprocess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches a running sync job from inside swift-subprocess's body closure: collects the
/// tails of its output, and on a timeout or an interrupt stops its whole process group,
/// SIGTERM then SIGKILL after the grace period.
///
/// The body closure does not return before the job has exited, so the job is not reaped
/// while the supervisor may still signal its group: its pid, and so the group id, cannot
/// have been reused. Once it has exited, whatever it left running in its group is stopped.
struct JobSupervisor: Sendable {
    typealias StopReason = CommandSyncEngine.StopReason
    typealias Captured = CommandSyncEngine.Captured

    /// The job's pid, which is also its process group's id.
    let group: pid_t
    let timeout: Duration
    let grace: Duration
    /// What the timeout and the grace period are measured on.
    let clock: any Clock<Duration>
    /// Stop requests: the timer's and the canceller's; the first one counts.
    let stops: CommandSyncEngine.StopRequests
    /// Where the output goes as it arrives.
    let tap: OutputTap

    private enum Event: Sendable {
        case stdout(LastLine)
        case stderr(OutputTail)
        case stopped(Stopping?)
        case timer
    }

    /// What a stop request led to, once the group was signalled: the reason it counts for,
    /// nil when the job had already exited (then only what it left running was stopped, and
    /// `leftBehind` says how many).
    private struct Stopping: Sendable {
        var reason: StopReason?
        var leftBehind = 0
    }

    /// Supervises the job until it has exited and its output is closed.
    func supervise(stdout: SubprocessOutputSequence, stderr: SubprocessOutputSequence) async -> Captured {
        await withTaskGroup(of: Event.self) { tasks in
            tasks.addTask { [tap] in .stdout(await LastLine.collect(stdout) { tap.take(.stdout, $0) }) }
            tasks.addTask { [tap] in
                .stderr(
                    await OutputTail.collect(stderr, limit: CommandSyncEngine.stderrLimit) {
                        tap.take(.stderr, $0)
                    }
                )
            }
            tasks.addTask { [timeout, clock, stops] in
                if (try? await clock.sleep(for: timeout)) != nil {
                    stops.continuation.yield(.timedOut)
                }
                return .timer
            }
            tasks.addTask { .stopped(await stopOnRequest()) }

            var captured = Captured()
            var openStreams = 2
            var signalled = false
            func take(_ event: Event) {
                switch event {
                case .stdout(let tail):
                    captured.stdout = tail
                    openStreams -= 1
                case .stderr(let tail):
                    captured.stderr = tail
                    openStreams -= 1
                case .stopped(let stopping):
                    captured.stop = stopping?.reason
                    captured.leftBehind = stopping?.leftBehind ?? 0
                    signalled = stopping != nil
                case .timer:
                    break
                }
            }
            while openStreams > 0, let event = await tasks.next() { take(event) }
            // Output closes when the job exits, or earlier if it closes stdout and stderr
            // itself: keep the timer running until it has exited.
            await waitForExit()
            tasks.cancelAll()
            while let event = await tasks.next() { take(event) }
            // A stopped job's group was sent SIGKILL with it: what is still in it is dying, not
            // left behind (its output can close a moment before it is gone, longer on a
            // loaded machine).
            if signalled { await ProcessGroup.waitUntilEmpty(group, within: .seconds(1)) }
            // What the job started and left running would outlive it and the daemon: stop it
            // while the group id is still the job's (it is not reaped yet).
            captured.leftBehind += await ProcessGroup.stop(group, grace: grace)
            captured.output = tap.lastLines
            return captured
        }
    }

    /// Waits for the first stop request, then stops the group: SIGTERM, and SIGKILL once the
    /// grace period is over or the job has exited (for what it left behind). Returns nil,
    /// having sent nothing, when cancelled first because the job ended by itself.
    ///
    /// A job that has already exited as the request comes ended by itself, whatever came late
    /// to stop it: its exit status is its outcome, and only what it left running (which may
    /// hold its output open) is stopped. So it is when nothing noticed the exit yet: a daemon
    /// frozen (SIGSTOP, Ctrl-Z) while its job ends finds, once resumed, the job's timer
    /// expired and its exit both waiting, in either order.
    private func stopOnRequest() async -> Stopping? {
        var requests = stops.stream.makeAsyncIterator()
        guard let reason = await requests.next(), !Task.isCancelled else { return nil }
        let stopping =
            hasExited()
            ? Stopping(reason: nil, leftBehind: ProcessGroup.liveMembers(of: group).count)
            : Stopping(reason: reason)
        kill(-group, SIGTERM)
        var grace = self.grace
        if case .stopped(let stop) = reason { grace = stop.grace }
        try? await clock.sleep(for: grace)
        kill(-group, SIGKILL)
        return stopping
    }

    /// Waits until the job has exited, without reaping it (swift-subprocess does), polling
    /// with a growing pause: only reached once its output has closed, normally at its exit.
    private func waitForExit() async {
        var pause: Duration = .milliseconds(2)
        while !hasExited() {
            // This task is never cancelled (the engine shields it), so the sleep sleeps.
            try? await Timers.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(200))
        }
    }

    /// Whether the job has exited, asked with `waitid(WNOWAIT)` so that it stays reapable.
    private func hasExited() -> Bool {
        var info = siginfo_t()
        while waitid(P_PID, id_t(group), &info, WEXITED | WNOHANG | WNOWAIT) != 0 {
            if errno != EINTR { return true }  // ECHILD: already reaped, so certainly gone
        }
        #if canImport(Glibc)
            return info._sifields._sigchld.si_pid != 0 || info.si_signo != 0
        #else
            return info.si_pid != 0 || info.si_signo != 0
        #endif
    }
}
