import Foundation
import MusicdiffDaemon
import Testing

/// Hostile or broken input, through the real binary: a one-line error naming the file, line
/// and column, never a trap, and nothing lost.
@Suite struct HardeningInputTests {
    static let huge = "106751991167300d23h"

    @Test(arguments: ["min_gap: \(huge)\n", "min_gap: 9223372036854775807\n"])
    func aDurationBeyondAHundredYearsIsAnErrorNotATrap(text: String) throws {
        let fixture = try CLIFixture()
        try fixture.write("long.yaml", text)
        let check = try fixture.run("policy", "check", fixture.root + "/long.yaml")
        #expect(check.status == 1)
        #expect(
            check.stderr
                == "\(fixture.root)/long.yaml:1:10: min_gap must be at most 100 years (36525d) (try \"6h\")\n1 error in 1 file\n"
        )
        let whyNot = try fixture.run("why-not", "--policy", fixture.root + "/long.yaml")
        #expect(whyNot.status == 1, "an error, not a crash: \(whyNot.stderr)")
    }

    @Test func aHugeIntervalFlagIsRefused() throws {
        let fixture = try CLIFixture()
        let start = try fixture.run("daemon", "--interval", Self.huge)
        #expect(start.status == 1)
        #expect(start.stderr.contains("--interval must be at most 100 years (36525d)"), "\(start.stderr)")
    }

    @Test func aHugeIntervalOnReloadKeepsTheRunningDaemon() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the first sync") { fixture.scriptRuns == 1 }
        let pid = try #require(fixture.daemonPid)
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: \(Self.huge)\n")
        kill(pid, SIGHUP)
        try fixture.waitFor("the reload to fail") { fixture.log.contains("Reload failed") }
        #expect(fixture.log.contains("config.yaml:4:13: daemon.interval must be at most 100 years"))
        #expect(fixture.daemonPid == pid)
    }

    @Test func aPolicyOfNestedAliasesIsRefusedAtOnce() throws {
        let fixture = try CLIFixture()
        var text = "a: &a [\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = level == 1 ? "a" : "a\(level - 1)"
            text += "a\(level): &a\(level) {*\(previous): *\(previous), *\(previous)x: 1}\n"
        }
        try fixture.write("bomb.yaml", text)
        let check = try fixture.run("policy", "check", fixture.root + "/bomb.yaml")
        #expect(check.status == 1)
        #expect(
            check.stderr
                == "\(fixture.root)/bomb.yaml:1:4: anchors (&name) are not allowed here; write the value out\n1 error in 1 file\n"
        )
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give the file to another user"))
    func aConfigOwnedByAnotherUserIsRefused() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: ["/bin/true"])
        #expect(chown(fixture.home.config, 65_534, 65_534) == 0)
        chmod(fixture.home.config, 0o600)
        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("the config belongs to uid 65534, not to you (uid 0)"), "\(sync.stderr)")
    }

    @Test(.enabled(if: geteuid() != 0, "root may write anywhere"))
    func aReadOnlyHomeNamesTheLog() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: ["/bin/true"])
        chmod(fixture.cli.home, 0o500)
        defer { chmod(fixture.cli.home, 0o700) }
        let start = try fixture.run("daemon", "--interval", "3600")
        #expect(start.status == 1)
        #expect(start.stderr.contains("cannot open the log \(fixture.home.logFile)"), "\(start.stderr)")
    }

    @Test func aLogThatCannotBeOpenedIsNamed() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: ["/bin/true"])
        try FileManager.default.createDirectory(
            atPath: fixture.home.logFile,
            withIntermediateDirectories: true
        )
        let start = try fixture.run("daemon", "--interval", "3600")
        #expect(start.status == 1)
        #expect(
            start.stderr.contains("cannot open the log \(fixture.home.logFile): Is a directory"),
            "\(start.stderr)"
        )
    }

    @Test func aDetachedDaemonsOutputFollowsTheLogWhenItRotates() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        let full = String(repeating: "x", count: 1023) + "\n"
        try fixture.cli.write("home/daemon.log", String(repeating: full, count: 10 * 1024))
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the rotation") {
            FileManager.default.fileExists(atPath: fixture.home.logFile + ".1")
        }
        let pid = try #require(fixture.daemonPid)
        try fixture.waitFor("the first sync") { fixture.scriptRuns == 1 }
        for stream in [1, 2] {
            let target = try FileManager.default.destinationOfSymbolicLink(
                atPath: "/proc/\(pid)/fd/\(stream)"
            )
            #expect(target == fixture.home.logFile, "fd \(stream) points at \(target)")
        }
    }

    @Test func statusWithACorruptStoreStillSaysTheDaemonRuns() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the first sync") { fixture.scriptRuns == 1 }
        let pid = try #require(fixture.daemonPid)
        for file in [fixture.home.stateFile, fixture.home.stateFile + "-wal"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let handle = try #require(FileHandle(forUpdatingAtPath: file))
            handle.write(Data(repeating: 0x55, count: max(size, 4096)))
            try handle.close()
        }
        let status = try fixture.run("daemon", "status")
        #expect(status.stdout.hasPrefix("running: pid \(pid)"), "\(status.stdout)")
        #expect(status.stdout.contains("history unknown: "), "\(status.stdout)")
    }
}
