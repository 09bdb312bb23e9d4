import Foundation
import MusicdiffCore
import MusicdiffRuntime
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension CommandSyncEngine {
    /// Why the job was stopped.
    enum StopReason: Sendable, Equatable {
        case timedOut
        case interrupted
        /// A `while_running` rule failed.
        case stopped(RunControl.Stop)
    }

    /// Where stop requests go: the supervisor's timer and the canceller write, the
    /// supervisor reads.
    typealias StopRequests = (
        stream: AsyncStream<StopReason>, continuation: AsyncStream<StopReason>.Continuation
    )

    /// What supervising the job gathered.
    struct Captured: Sendable {
        var stdout = LastLine()
        var stderr = OutputTail(limit: CommandSyncEngine.stderrLimit)
        var stop: StopReason?
        /// How many processes the job left running in its group when it exited.
        var leftBehind = 0
        /// The last lines of its output, stdout and stderr together.
        var output: [String] = []
    }

    /// The errors that mean the job never started.
    static let startErrors: [SubprocessError.Code] = [
        .spawnFailed, .executableNotFound, .failedToChangeWorkingDirectory,
    ]

    /// Starts the job and supervises it to its end.
    func run(_ program: String, _ request: SyncRequest, stops: StopRequests) async -> SyncResult {
        let lock = request.lock
        var options = PlatformOptions()
        options.processGroupID = 0  // a group of its own, led by the job: signals to -pid reach its children
        let executable: Executable = program.contains("/") ? .path(.init(program)) : .name(program)
        // Not the sync lock: what the job leaves behind would keep it (see ``SyncLock``).
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else {
            return SyncResult(
                outcome: .notStarted,
                message: "cannot open /dev/null: \(Errno.current.description)"
            )
        }
        let input = FileDescriptorInput.fileDescriptor(
            FileDescriptor(rawValue: null),
            closeAfterSpawningProcess: true
        )
        // Marks what the job starts, so that what it leaves outside its group can be named.
        let marker = "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let result: ExecutionResult<Captured, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(
                executable,
                arguments: Arguments(Array(command.dropFirst())),
                environment: .inherit.updating(
                    Dictionary(
                        uniqueKeysWithValues: request.environment.merging([Self.runVariable: marker]) { $1 }
                            .map { (.init(stringLiteral: $0), $1) }
                    )
                ),
                platformOptions: options,
                input: input,
                output: .sequence,
                error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                let priority = self.priority?.apply(toGroup: pid)  // the group the job leads
                lock?.noteJob(pid)
                if let priority { request.onPriority(pid, priority) }
                request.onStart(pid)
                let supervisor = JobSupervisor(
                    group: pid,
                    timeout: timeout,
                    grace: grace,
                    clock: clock,
                    stops: stops,
                    tap: OutputTap(onOutput: request.onOutput)
                )
                return await supervisor.supervise(
                    stdout: execution.standardOutput,
                    stderr: execution.standardError
                )
            }
        } catch let error as SubprocessError where !Self.startErrors.contains(error.code) {
            // Not a failure to start: swift-subprocess lost track of a job it had started.
            return SyncResult(outcome: .failed, message: "lost track of the sync job \(program): \(error)")
        } catch {
            return SyncResult(outcome: .notStarted, message: Self.startFailure(error, program: program))
        }
        var classified = classify(result.terminationStatus, result.closureResult)
        classified.leftRunning = RunningProcess.carrying("\(Self.runVariable)=\(marker)")
        return classified
    }

    /// The result of a job that ended with `status`, from what was gathered while it ran.
    func classify(_ status: TerminationStatus, _ captured: Captured) -> SyncResult {
        var result = SyncResult(outcome: .success)
        var summaryNote: String?
        if let line = captured.stdout.line {
            switch SyncSummary.read(output: line) {
            case .none:
                break
            case .summary(let summary):
                result.changesApplied = summary.changesApplied
                result.failedChanges = summary.failedChanges
                result.conflicts = summary.conflicts
            case .malformed(let why):
                summaryNote = "ignored the job's last stdout line, which is not a valid summary: \(why)"
            }
        } else {
            summaryNote =
                "summary too long (\(captured.stdout.length) bytes; at most \(LastLine.defaultLimit) are read)"
        }
        // Most telling last: the job's last error output, then why it was stopped.
        var notes = (summaryNote.map { [$0] } ?? []) + captured.stderr.lastLines(Self.stderrLines)
        switch (captured.stop, status) {
        case (.timedOut?, .signaled(SIGKILL)):
            result.outcome = .timedOut
            notes.append(
                "ran longer than sync.timeout (\(DurationText.format(timeout))) and was stopped"
                    + " (SIGTERM, then SIGKILL after \(DurationText.format(grace)))"
            )
        case (.timedOut?, _):
            // It ended on SIGTERM, within the grace: no SIGKILL was sent.
            result.outcome = .timedOut
            notes.append(
                "ran longer than sync.timeout (\(DurationText.format(timeout))) and was stopped (SIGTERM)"
            )
        case (.interrupted?, _):
            result.outcome = .interrupted
            notes.append("the daemon or the sync command that ran it was stopped")
        case (.stopped(let stop)?, _):
            // Not a failure: what the job said while it stopped is not news either.
            result = SyncResult(outcome: .stopped)
            notes = [stop.reason]
        case (nil, .exited(0)):
            result.outcome = (result.failedChanges ?? 0) > 0 ? .partial : .success
            notes = summaryNote.map { [$0] } ?? []  // error output is not news when the job succeeded
        case (nil, .exited(let code)):
            result.outcome = .failed
            result.exitStatus = Int(code)
        case (nil, .signaled(let signal)):
            result.outcome = .crashed
            result.exitStatus = Int(signal)
        }
        if captured.leftBehind > 0 {
            let count = captured.leftBehind
            notes.insert("stopped \(count) process\(count == 1 ? "" : "es") the job left running", at: 0)
        }
        result.message = notes.isEmpty ? nil : notes.joined(separator: "\n")
        result.output = captured.output
        return result
    }
}
