import Logging
import MusicdiffCore

#if canImport(Glibc)
    import Glibc
#endif

/// One line of the daemon's log.
package struct SyncLogLine: Sendable, Equatable {
    /// How serious it is.
    package var level: Logger.Level
    /// The message.
    package var message: String

    /// Creates a line.
    package init(_ level: Logger.Level, _ message: String) {
        self.level = level
        self.message = message
    }
}

/// The log lines of the original design for a finished sync:
/// `Sync completed: N changes`, `Sync partial: N changes, M failed`,
/// `N conflicts detected (run 'musicdiff conflicts')`, `Sync failed: <reason>`; a run stopped
/// with the daemon says `Sync stopped before it finished: <why>`, at info, as a stop is no failure.
package enum SyncLogLines {
    /// The lines to log for `result`, in order.
    package static func lines(for result: SyncResult) -> [SyncLogLine] {
        var lines: [SyncLogLine] = []
        switch result.outcome {
        case .success:
            lines.append(
                .init(
                    .info,
                    "Sync completed" + (result.changesApplied.map { ": " + counted($0, "change") } ?? "")
                )
            )
        case .partial:
            lines.append(
                .init(
                    .warning,
                    "Sync partial: \(counted(result.changesApplied ?? 0, "change")), \(result.failedChanges ?? 0) failed"
                )
            )
        case .running:
            lines.append(.init(.info, "Sync running"))
        case .stopped:
            lines.append(
                .init(.info, "Sync stopped: " + (result.lastMessageLine() ?? "a while_running rule failed"))
            )
        case .interrupted:
            // Stopped with the daemon or the command that ran it: not a failure either.
            lines.append(
                .init(
                    .info,
                    "Sync stopped before it finished" + (result.lastMessageLine().map { ": \($0)" } ?? "")
                )
            )
        case .failed, .crashed, .timedOut, .notStarted:
            lines.append(.init(.error, "Sync failed: " + reason(for: result)))
        }
        if result.outcome.isSuccess, let note = result.lastMessageLine() {
            lines.append(.init(.warning, "Sync summary: \(note)"))
        }
        for process in result.leftRunning {
            lines.append(
                .init(
                    .warning,
                    "The job left \(process) running outside its process group; it was not stopped, and it holds no sync lock"
                )
            )
        }
        if !result.conflicts.isEmpty {
            lines.append(
                .init(
                    .warning,
                    "\(counted(result.conflicts.count, "conflict")) detected (run 'musicdiff conflicts')"
                )
            )
        }
        return lines
    }

    /// Why a run that did not succeed failed, worded for a person, with the last line of its
    /// message: `exit status 3: rsync: connection refused`.
    package static func reason(for result: SyncResult) -> String {
        let what: String
        switch result.outcome {
        case .failed:
            what = "exit status " + (result.exitStatus.map(String.init) ?? "unknown")
        case .crashed:
            what =
                result.exitStatus.map { "killed by signal \($0)" + (signalName($0).map { " (\($0))" } ?? "") }
                ?? "killed by a signal"
        case .timedOut:
            what = "timed out"
        case .interrupted:
            what = "interrupted"
        case .notStarted:
            what = "could not start"
        case .success, .partial, .running, .stopped:
            what = result.outcome.rawValue
        }
        return what + (result.lastMessageLine().map { ": \($0)" } ?? "")
    }

    /// Metadata for the log line: `sync.outcome`, `sync.changes`, `sync.failed`,
    /// `sync.conflicts`, `sync.exit_status`, as far as known.
    package static func metadata(for result: SyncResult) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["sync.outcome": "\(result.outcome.rawValue)"]
        if let changes = result.changesApplied { metadata["sync.changes"] = "\(changes)" }
        if let failed = result.failedChanges { metadata["sync.failed"] = "\(failed)" }
        if !result.conflicts.isEmpty { metadata["sync.conflicts"] = "\(result.conflicts.count)" }
        if let status = result.exitStatus { metadata["sync.exit_status"] = "\(status)" }
        return metadata
    }

    /// The job's last output lines as log lines, `Job output: ...`, before the run's own.
    static func outputLines(for result: SyncResult) -> [SyncLogLine] {
        result.output.map { .init(.info, "Job output: \($0)") }
    }

    /// Logs `result`'s lines to `logger`, after the job's last output lines, with
    /// ``metadata(for:)`` on the run's first line.
    package static func log(_ result: SyncResult, to logger: Logger) {
        for line in outputLines(for: result) { logger.log(level: line.level, "\(line.message)") }
        for (index, line) in lines(for: result).enumerated() {
            logger.log(
                level: line.level,
                "\(line.message)",
                metadata: index == 0 ? metadata(for: result) : nil
            )
        }
    }

    /// `SIGSEGV` for 11 (on Linux), or nil for a signal without a common name.
    static func signalName(_ number: Int) -> String? {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM",
            SIGTERM: "SIGTERM",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
        ]
        return Int32(exactly: number).flatMap { names[$0] }
    }
}
