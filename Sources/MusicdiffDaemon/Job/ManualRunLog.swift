import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// What `musicdiff sync` does with its job's output: shows it live on a terminal, and leaves
/// the run in `daemon.log` (its last output lines; with no daemon running to log the run when
/// told, the run's own lines too).
package enum ManualRunLog {
    /// Writes each piece of the job's output to this process's stdout or stderr as it
    /// arrives, when stdout is a terminal; nil (nothing shown live) otherwise.
    package static var liveEcho: (@Sendable (JobOutput) -> Void)? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        return echo
    }

    /// Writes a piece of the job's output to this process's stdout or stderr, as it came
    /// (`musicdiff gate`'s command's output too, whatever they are).
    package static let echo: @Sendable (JobOutput) -> Void = { piece in
        let fd = piece.stream == .stdout ? STDOUT_FILENO : STDERR_FILENO
        piece.bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Appends the run to `home`'s `daemon.log`: the job's last output lines, then, unless a
    /// running daemon logs it (it is told with SIGUSR1), `A manual sync ran with no daemon
    /// running: Sync completed: 3 changes`.
    package static func record(
        _ result: SyncResult,
        trigger: SyncRun.Trigger,
        home: MusicdiffHome,
        daemonRunning: Bool
    ) {
        let file = RotatingLogFile(path: home.logFile)
        let logger = Logger(label: "musicdiff") { RotatingFileLogHandler(label: $0, file: file) }
        for line in SyncLogLines.outputLines(for: result) { logger.log(level: line.level, "\(line.message)") }
        guard !daemonRunning else { return }
        let who = trigger == .forced ? "A forced manual sync" : "A manual sync"
        let lines = SyncLogLines.lines(for: result)
        let level = lines.map(\.level).max() ?? .info
        logger.log(
            level: level,
            "\(who) ran with no daemon running: \(lines.map(\.message).joined(separator: "; "))",
            metadata: SyncLogLines.metadata(for: result)
        )
    }
}
