import Foundation
import MusicdiffCore
import MusicdiffRuntime
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `sync.command` as the sync job: an argv run without a shell, with
/// `MUSICDIFF_SYNC_MODE=auto` added to the inherited environment, in a process group of its
/// own so that stopping it stops what it started, at ``priority`` (niceness and I/O class). Its standard input is `/dev/null`; the
/// request's sync lock names it once it runs (``SyncLock/noteJob(_:)``), so that a daemon
/// killed with `kill -9` cannot let a second job start beside its orphan.
///
/// A job running past ``timeout``, or whose caller is cancelled, gets SIGTERM, and SIGKILL
/// ``grace`` later; the run is then ``SyncRun/Outcome/timedOut`` or
/// ``SyncRun/Outcome/interrupted``. Only the tail of its output is kept: the last line of
/// stdout, whole up to ``LastLine/defaultLimit`` bytes, for the summary, and the last
/// ``stderrLines`` lines of stderr, for the message.
package struct CommandSyncEngine: SyncEngine {
    /// The argv; the first word is a path, or a name looked up in `PATH`.
    package var command: [String]
    /// How long the job may run.
    package var timeout: Duration
    /// Time between SIGTERM and SIGKILL when the job is stopped.
    package var grace: Duration
    /// The clock the timeout and the grace period are measured on: ``MonotonicClock``, on
    /// which a suspended machine's sleep does not count (the job does not run then either).
    package var clock: any Clock<Duration>
    /// The niceness and I/O class the job runs at (``JobPriority``); nil leaves the job at the
    /// caller's (`musicdiff gate`'s command).
    package var priority: JobPriority?

    /// The most stderr kept, from the end.
    static let stderrLimit = 16 * 1024
    /// How many of stderr's last lines go into the message of a failed run.
    static let stderrLines = 20
    /// The variable the job finds in its environment, telling it no one is there to ask.
    static let modeVariable = "MUSICDIFF_SYNC_MODE"
    /// The variable that marks the processes of one run (`PID-RANDOM`), so that what a job
    /// leaves running outside its process group is found and named when it ends.
    static let runVariable = "MUSICDIFF_SYNC_RUN"

    /// Creates an engine running `command`.
    package init(
        command: [String],
        timeout: Duration = .seconds(3_600),
        grace: Duration = .seconds(10),
        clock: any Clock<Duration> = MonotonicClock(),
        priority: JobPriority? = JobPriority()
    ) {
        self.command = command
        self.timeout = timeout
        self.grace = grace
        self.clock = clock
        self.priority = priority
    }

    /// Creates the engine `config.yaml`'s `sync:` section describes, or nil when it names no command.
    package init?(config: Config.Sync) {
        guard let command = config.command else { return nil }
        self.init(
            command: command,
            timeout: config.timeout,
            grace: config.grace,
            priority: JobPriority(config: config)
        )
    }

    /// Runs the job once. Cancelling the calling task stops it (SIGTERM, then SIGKILL after
    /// ``grace``) and waits for it to end.
    package func sync(_ request: SyncRequest) async -> SyncResult {
        guard let program = command.first, !program.isEmpty else {
            return SyncResult(outcome: .notStarted, message: "sync.command is empty; set it in config.yaml")
        }
        if let problem = Self.launchProblem(program) {
            return SyncResult(outcome: .notStarted, message: problem)
        }
        guard !Task.isCancelled else {
            return SyncResult(outcome: .interrupted, message: "cancelled before the job started")
        }
        let stops = AsyncStream<StopReason>.makeStream()
        defer { stops.continuation.finish() }
        // The job runs in a task of its own, which cancellation does not reach: the
        // handler asks the supervisor to stop the job instead, and the result waits for it.
        request.control.listen { stops.continuation.yield(.stopped($0)) }
        let job = Task(executorPreference: PreferredExecutor.current) {
            await self.run(program, request, stops: stops)
        }
        return await withTaskCancellationHandler {
            await job.value
        } onCancel: {
            stops.continuation.yield(.interrupted)
        }
    }

    /// Why `program`, when it is a path, cannot be run; nil when it looks runnable or is a
    /// name to find in `PATH`.
    static func launchProblem(_ program: String) -> String? {
        guard program.contains("/") else { return nil }
        var info = stat()
        guard stat(program, &info) == 0 else {
            let code = errno
            let what =
                code == ENOENT ? "does not exist" : "cannot be read: \(Errno(rawValue: code).description)"
            return "the sync command \(program) \(what); check sync.command in config.yaml"
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            return "the sync command \(program) is a folder, not a program; check sync.command in config.yaml"
        }
        guard access(program, X_OK) == 0 else {
            return "the sync command \(program) is not executable; run chmod +x \(program)"
        }
        return nil
    }

    /// The `notStarted` message for an error thrown while starting `program`.
    static func startFailure(_ error: any Error, program: String) -> String {
        guard let error = error as? SubprocessError else { return "cannot start \(program): \(error)" }
        if error.code == .executableNotFound {
            return "the sync command \(program) is not in PATH; give its full path in sync.command"
        }
        let reason = error.underlyingError.map { Errno(rawValue: $0.rawValue).description } ?? "\(error)"
        return "cannot start \(program): \(reason); check sync.command in config.yaml"
    }
}
