import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff daemon [start options] | stop | status`.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the sync in the background: at an interval, on a cron schedule, or smart.",
        usage: """
            musicdiff daemon [--interval <interval>] [--schedule <schedule>] [--smart] [--policy <policy>] [--foreground]
            musicdiff daemon stop
            musicdiff daemon status
            musicdiff daemon reload [--timeout <timeout>]
            """,
        discussion: "Starting is the default; `musicdiff daemon start --help` explains each start flag.",
        subcommands: [Start.self, Stop.self, Status.self, Reload.self],
        defaultSubcommand: Start.self
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start the daemon (detached unless --foreground); refuses to start a second one.",
            discussion: """
                Flags override config.yaml's daemon section. In smart mode a due sync also waits \
                for the policy (--policy implies --smart); `musicdiff why-not` explains the wait.
                """
        )

        @OptionGroup var flags: DaemonFlags

        @Flag(help: "Stay in the foreground and also log to stderr (for systemd and journald).")
        var foreground = false

        @Option(name: .customLong("ready-fd"), help: .hidden)
        var readyDescriptor: Int32?

        func run() async throws {
            let environment = Environment()
            let home = environment.home
            let options = flags.options(environment)
            if foreground {
                if readyDescriptor != nil { _ = FileManager.default.changeCurrentDirectoryPath("/") }
                try await DaemonRunner.run(
                    options: options,
                    home: home,
                    launch: .init(echoLog: readyDescriptor == nil, readyDescriptor: readyDescriptor)
                )
                return
            }
            let settings = try DaemonSettings.load(options: options, home: home)
            if let pid = PidLock.daemonHolder(at: home.pidFile) { throw DaemonError.alreadyRunning(pid: pid) }
            try home.create()
            if let warning = home.accessWarning {
                FileHandle.standardError.write(Data("musicdiff: warning: \(warning)\n".utf8))
            }
            if let warning = settings.unusedPolicyWarning {
                FileHandle.standardError.write(Data("\(warning)\n".utf8))
            }
            let pid = try DaemonLauncher.start(arguments: flags.arguments(environment), logFile: home.logFile)
            print("musicdiff daemon started (pid \(pid)): \(settings.summary); log: \(home.logFile)")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract: "Stop the daemon: SIGTERM, then SIGKILL if it has not stopped after a grace period."
        )

        func run() throws {
            let home = Environment().home
            let jobGrace = (try? ConfigLoader.load(home: home))?.sync.grace ?? .seconds(10)
            let grace = jobGrace + .seconds(5)
            if PidLock.daemonHolder(at: home.pidFile) != nil, let job = SyncLock.holder(at: home.syncLock) {
                // The daemon stops its job first, which may take the job's whole grace: say so before waiting.
                FileHandle.standardOutput.write(
                    Data(
                        ("Stopping the sync job first (\(job)): SIGTERM, then SIGKILL after \(DurationText.format(jobGrace))"
                            + " (sync.grace); waiting up to \(DurationText.format(grace)) for the daemon to stop"
                            + "\n").utf8
                    )
                )
            }
            let stopped = try DaemonControl.stop(home: home, grace: grace)
            print(
                stopped.killed
                    ? "Daemon killed (pid \(stopped.pid)) after \(DurationText.format(grace))"
                    : "Daemon stopped (pid \(stopped.pid))"
            )
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show pid, uptime, mode, policy, last sync, next due time and current blockers."
        )

        @Flag(
            help:
                "Print one JSON object instead: running, pid, mode, schedule, run, next_due, deadline, predicted, early, paused, blocked_by and the rest (null when none); exit 1 when no daemon runs, as without it."
        )
        var json = false

        func run() throws {
            let status = DaemonStatus.read(home: Environment().home)
            print(json ? status.json(now: Date()) : status.text(now: Date()), terminator: "")
            if status.pid == nil { throw ExitCode(1) }
        }
    }
}
