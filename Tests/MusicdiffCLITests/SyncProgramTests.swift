import Foundation
import Testing

/// A `sync.command` whose program cannot be run is refused where it is written, at start and
/// on reload, instead of a daemon that says it started and fails every due sync (issue 25,
/// item 3).
@Suite struct SyncProgramTests {
    @Test(arguments: [
        ("/nonexistent/musicdiff-sync", "/nonexistent/musicdiff-sync does not exist"),
        ("no-such-musicdiff-sync", "no program \"no-such-musicdiff-sync\" on PATH"),
    ])
    func aMissingProgramIsRefusedAtStartWithItsPlace(program: String, problem: String) throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [program, "--auto"])
        let start = try fixture.run("daemon", "--interval", "1h")
        #expect(start.status == 1)
        #expect(start.stderr.contains("config.yaml:2:13: sync.command: \(problem)"), "\(start.stderr)")
        #expect(fixture.daemonPid == nil)
    }

    @Test func aFileThatIsNotExecutableIsRefused() throws {
        let fixture = try DaemonFixture()
        try fixture.cli.write("plain.sh", "#!/bin/sh\nexit 0\n")
        try fixture.config(command: [fixture.cli.root + "/plain.sh"])
        let start = try fixture.run("daemon", "--interval", "1h")
        #expect(start.status == 1)
        #expect(start.stderr.contains("plain.sh is not executable (chmod +x it)"), "\(start.stderr)")
    }

    @Test func aReloadWithAMissingProgramKeepsTheLastGoodConfig() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 1h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1h") }
        try fixture.config(command: ["/nonexistent/sync"], daemon: "  interval: 1h\n")
        kill(try #require(fixture.daemonPid), SIGHUP)
        try fixture.waitFor("the refused reload") { fixture.log.contains("Reload failed") }
        #expect(
            fixture.log.contains("config.yaml:2:13: sync.command: /nonexistent/sync does not exist"),
            "\(fixture.log)"
        )
        #expect(fixture.daemonPid != nil)
    }
}
