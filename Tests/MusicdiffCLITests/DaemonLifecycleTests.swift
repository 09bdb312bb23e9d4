import Foundation
import MusicdiffDaemon
import Testing

@Suite struct DaemonLifecycleTests {
    @Test func startSyncsAtOnceInIntervalModeAndStatusAndStopReportIt() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript(changes: 3)])
        let start = try fixture.run("daemon", "--interval", "6h")
        #expect(start.status == 0)
        let pid = try #require(fixture.daemonPid)
        #expect(
            start.stdout
                == "musicdiff daemon started (pid \(pid)): every 6h; log: \(fixture.cli.home)/daemon.log\n"
        )
        try fixture.waitFor("the first sync") { fixture.runs.first?.outcome == .success }
        #expect(fixture.scriptRuns == 1)
        try fixture.waitFor("the next due time") { fixture.log.contains("Next sync in 6h") }
        #expect(fixture.log.contains(" - musicdiff - INFO - Sync completed: 3 changes"))

        let status = try fixture.run("daemon", "status")
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("running: pid \(pid), up "))
        #expect(status.stdout.contains("mode: interval, every 6h"))
        #expect(status.stdout.contains(", succeeded, 3 changes"))
        #expect(status.stdout.contains("next due: "))

        let stop = try fixture.run("daemon", "stop")
        #expect(stop.status == 0)
        #expect(stop.stdout == "Daemon stopped (pid \(pid))\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.home.pidFile), "the pid file is removed")
        #expect(fixture.log.hasSuffix(" - musicdiff - INFO - Daemon stopped\n"))
        let after = try fixture.run("daemon", "status")
        #expect(after.status == 1)
        #expect(after.stdout.hasPrefix("not running\nlast sync: "))
        let again = try fixture.run("daemon", "stop")
        #expect(again.status == 1)
        #expect(again.stderr == "musicdiff: the daemon is not running\n")
    }

    @Test func twoStartsAtOnceGiveExactlyOneDaemon() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        let launches = try (0..<2).map { _ in try fixture.launch(["daemon", "--interval", "3600"]) }
        var outcomes: [(Int32, String, String)] = []
        for (process, output, errors) in launches {
            let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            outcomes.append((process.terminationStatus, out, err))
        }
        let pid = try #require(fixture.daemonPid)
        #expect(outcomes.filter { $0.0 == 0 }.count == 1)
        #expect(outcomes.contains { $0.0 == 0 && $0.1.hasPrefix("musicdiff daemon started (pid \(pid))") })
        let loser = try #require(outcomes.first { $0.0 != 0 })
        #expect(loser.0 == 1)
        #expect(loser.2.contains("the daemon is already running (pid \(pid))"))
        #expect(loser.2.split(separator: "\n").count == 1)
    }

    @Test func afterKillNineTheNextStartWorksWithoutCleanUp() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        let first = try #require(fixture.daemonPid)
        kill(first, SIGKILL)
        try fixture.waitFor("the killed daemon's lock to go") { fixture.daemonPid == nil }
        #expect(
            FileManager.default.fileExists(atPath: fixture.home.pidFile),
            "kill -9 leaves the file behind"
        )
        let restart = try fixture.run("daemon", "--interval", "3600")
        #expect(restart.status == 0, "\(restart.stderr)")
        let second = try #require(fixture.daemonPid)
        #expect(second != first)
        #expect(try fixture.run("daemon", "status").stdout.hasPrefix("running: pid \(second)"))
    }

    @Test func badStartsAreOneLineErrors() throws {
        let fixture = try DaemonFixture()
        let noCommand = try fixture.run("daemon")
        #expect(noCommand.status == 1)
        #expect(
            noCommand.stderr.hasPrefix(
                "musicdiff: no sync command: set sync.command in \(fixture.cli.home)/config.yaml"
            )
        )
        try fixture.config(command: ["/bin/true"])
        let badCron = try fixture.run("daemon", "--schedule", "61 * * * *")
        #expect(badCron.status == 1)
        #expect(
            badCron.stderr
                == "musicdiff: invalid schedule \"61 * * * *\": minute field \"61\": 61 is out of range 0-59\n"
        )
        try fixture.cli.write("bad.yaml", "battery: { min_percent: 140 }\n")
        let badPolicy = try fixture.run("daemon", "--policy", fixture.cli.root + "/bad.yaml")
        #expect(badPolicy.status == 1)
        #expect(
            badPolicy.stderr
                == "musicdiff: \(fixture.cli.root)/bad.yaml:1:25: battery.min_percent must be between 0 and 100, not 140\n"
        )
        #expect(fixture.daemonPid == nil)
    }

    @Test func daemonHelpShowsHowToStartIt() throws {
        let help = try CLIFixture().run("daemon", "--help")
        #expect(help.status == 0)
        #expect(
            help.stdout.contains(
                "USAGE: musicdiff daemon [--interval <interval>] [--schedule <schedule>] [--smart] [--policy <policy>]"
            ),
            "\(help.stdout)"
        )
        #expect(help.stdout.contains("musicdiff daemon start --help"))
    }
}
