import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

extension DaemonCommand {
    /// `musicdiff daemon reload [--timeout D]`: the unit's `ExecReload=`, and the way to reload
    /// without systemd.
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reload",
            abstract: "Reload config.yaml and the policy, and wait for the daemon to say how it went.",
            discussion: """
                Sends the daemon SIGHUP and waits for its answer on daemon.sock: exit 0 once it \
                took the new settings, exit 1 with the file:line:col error when it refused them \
                (it keeps the last good ones), or when it does not answer in time (stopped or busy). \
                The systemd unit runs this as ExecReload, so `systemctl --user reload musicdiff` \
                waits too.
                """
        )

        @Option(help: "How long to wait for the daemon's answer (e.g. 10s, 1m).")
        var timeout = "10s"

        func validate() throws {
            guard let limit = DurationText.parse(timeout), limit > .zero else {
                throw ValidationError("--timeout: \"\(timeout)\" is not a duration (try \"10s\" or \"1m\")")
            }
        }

        func run() throws {
            let limit = DurationText.parse(timeout) ?? .seconds(10)
            let summary = try DaemonControl.reload(home: Environment().home, timeout: limit)
            print("Reloaded: \(summary)")
        }
    }
}
