import ArgumentParser
import Foundation
import MusicdiffDaemon

/// `musicdiff resume`: ends the pause `musicdiff pause` began; the daemon decides at once.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "End a pause: syncs may start again.",
        discussion: "The running daemon decides at once whether a due sync starts."
    )

    func run() throws {
        let home = Environment().home
        guard FileManager.default.fileExists(atPath: home.stateFile) else {
            print("Not paused.")
            return
        }
        let store = try StateStore.open(path: home.stateFile)
        guard try store.pause() != nil else {
            print("Not paused.")
            return
        }
        try store.setPause(nil)
        if let daemon = PidLock.daemonHolder(at: home.pidFile) { kill(daemon, SIGUSR2) }
        print("Resumed: syncs may start again.")
    }
}
