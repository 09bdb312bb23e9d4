import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff pause [DURATION] [--until ac|unmetered|idle]`: holds every automatic and plain
/// manual sync until the time or the condition (or `musicdiff resume`), and stops a running
/// sync of the daemon. Kept in the state store: it survives a restart and applies to a daemon
/// not yet running.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Hold syncs for a while, or until on AC, on an unmetered network or idle.",
        discussion: """
            No automatic and no plain manual sync starts until DURATION has passed or the \
            --until condition holds, whichever comes first (with neither, until musicdiff \
            resume); sync --force still runs. A running sync of the daemon is stopped (recorded \
            as stopped, paused). The pause is kept in the state store: it survives a restart, \
            and with no daemon running it applies when one starts. A condition is judged on \
            the smart daemon's readings.

            Example: musicdiff pause 2h
            """
    )

    @Argument(help: ArgumentHelp("How long: 30m, 2h, 1d.", valueName: "duration"))
    var duration: String?

    @Option(
        name: .customLong("until"),
        help: ArgumentHelp("End the pause once this holds: ac, unmetered or idle.", valueName: "condition")
    )
    var condition: String?

    func validate() throws {
        if let duration {
            guard let length = DurationText.parse(duration), length > .zero else {
                throw ValidationError("\"\(duration)\" is not a duration (try \"30m\" or \"2h\")")
            }
            guard length <= DurationText.maximum else {
                throw ValidationError("the pause must be at most \(DurationText.maximumText)")
            }
        }
        if let condition, Pause.Condition(rawValue: condition) == nil {
            throw ValidationError("--until must be ac, unmetered or idle, not \"\(condition)\"")
        }
    }

    func run() throws {
        let home = Environment().home
        try home.create()
        let now = Date()
        let pause = Pause(
            since: now,
            until: duration.flatMap(DurationText.parse).map { now.adding($0) },
            condition: condition.flatMap(Pause.Condition.init(rawValue:))
        )
        let store = try StateStore.open(path: home.stateFile)
        try store.setPause(pause)
        let daemon = PidLock.daemonHolder(at: home.pidFile)
        // The daemon reads the pause again from the store (and stops a running sync).
        if let daemon { kill(daemon, SIGUSR2) }
        var text =
            "Paused \(pause.untilWords(now: now)): no sync starts but a forced one"
            + " (musicdiff resume ends it)"
        if daemon == nil { text += "; no daemon runs: the pause applies when one starts" }
        print(text)
    }
}
