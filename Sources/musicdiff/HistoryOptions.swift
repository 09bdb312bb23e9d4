import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// The flags `history` and `replay` share: how many days, JSON, and whose store.
struct HistoryOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help:
            "How many days to show, ending with the day of the newest record (today while the daemon runs); 1 to 30: the store keeps 30 days."
    )
    var days = 7

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Read this state.sqlite (one copied from another machine, say) instead of $MUSICDIFF_HOME's; it is not written.",
            valueName: "file"
        ),
        completion: .file()
    )
    var store: String?

    func validate() throws {
        guard (1...30).contains(days) else {
            throw ValidationError("--days must be from 1 to 30 (the store keeps 30 days)")
        }
    }

    /// The recorded history these flags ask for (with the snapshots' readings, if
    /// `readings`); for this machine's store, whether its daemon runs.
    func read(
        _ environment: Environment,
        readings: Bool,
        days: Int? = nil
    ) throws -> (RecordedHistory, daemonRunning: Bool) {
        let home = environment.home
        let path = store ?? home.stateFile
        guard let opened = try StateStore.openForReading(path: path) else {
            throw CommandFailure(
                message: store == nil
                    ? "no history yet: \(path) does not exist (the daemon has not run)"
                    : FileManager.default.fileExists(atPath: path)
                        ? "\(path): is empty, not a musicdiff state store" : "\(path): no such file"
            )
        }
        let running = store == nil && PidLock.isHeld(at: home.pidFile)
        let history = try RecordedHistory.read(
            opened,
            days: days ?? self.days,
            live: running,
            readings: readings
        )
        return (history, running)
    }
}
