import Foundation
import MusicdiffDaemon
import Testing

/// `musicdiff daemon reload`, the unit's ExecReload: against a real daemon it returns only once
/// the daemon has reloaded, says how it went, and fails with the file:line:col of a broken
/// config, or with a clear word when the daemon is frozen.
@Suite struct DaemonReloadTests {
    @Test func aReloadWaitsForTheDaemonAndSaysWhatItTook() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 6h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 6h") }
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 10m\n")
        let reload = try fixture.run("daemon", "reload")
        #expect(reload.status == 0, "\(reload.stderr)")
        #expect(reload.stdout == "Reloaded: every 10m\n")
        // It returned after the daemon took the file, not merely after the signal.
        #expect(fixture.log.contains("Reloaded configuration: every 10m"))
        let again = try fixture.run("daemon", "reload")
        #expect(again.status == 0 && again.stdout == "Reloaded: every 10m\n", "\(again.stderr)")
        #expect(fixture.log.components(separatedBy: "Reloaded configuration").count == 3)
    }

    @Test func aBrokenConfigFailsTheReloadWithItsPlace() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 6h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 6h") }
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: soon\n")
        let reload = try fixture.run("daemon", "reload")
        #expect(reload.status == 1)
        #expect(reload.stdout.isEmpty)
        let lines = reload.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(reload.stderr)")
        #expect(
            reload.stderr.hasPrefix("musicdiff: \(fixture.home.config):4:13: "),
            "file:line:col first: \(reload.stderr)"
        )
        #expect(reload.stderr.contains("the daemon keeps its last good configuration"))
        #expect(try fixture.run("daemon", "status").stdout.contains("every 6h"))
    }

    @Test func aFrozenDaemonTimesOutSayingSo() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 6h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 6h") }
        let pid = try #require(fixture.daemonPid)
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let started = ContinuousClock.now
        let reload = try fixture.run("daemon", "reload", "--timeout", "1s")
        let took = ContinuousClock.now - started
        #expect(reload.status == 1)
        #expect(
            reload.stderr
                == "musicdiff: the daemon (pid \(pid)) did not answer on daemon.sock within 1s: it is stopped"
                + " (SIGSTOP or Ctrl-Z); kill -CONT \(pid) resumes it; nothing was reloaded\n"
        )
        #expect(took >= .seconds(1) && took < .seconds(10), "waited \(took)")
    }

    @Test func noDaemonIsAOneLineError() throws {
        let fixture = try DaemonFixture()
        let reload = try fixture.run("daemon", "reload")
        #expect(reload.status == 1)
        #expect(reload.stderr == "musicdiff: the daemon is not running\n")
    }
}
