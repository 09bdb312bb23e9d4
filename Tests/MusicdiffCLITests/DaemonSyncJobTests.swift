import Foundation
import MusicdiffDaemon
import Testing

/// A failing, crashing or hanging sync job never takes the daemon down.
@Suite struct DaemonSyncJobTests {
    func startDaemon(_ fixture: DaemonFixture) throws {
        let start = try fixture.run("daemon", "--interval", "3600")
        #expect(start.status == 0, "\(start.stderr)")
    }

    @Test func aJobThatExitsOneIsRecordedAndTheDaemonLivesOn() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.script("fail.sh", "echo 'remote said no' >&2; exit 1")])
        try startDaemon(fixture)
        try fixture.waitFor("the failed run") { fixture.runs.first?.outcome == .failed }
        let run = try #require(fixture.runs.first)
        #expect(run.exitStatus == 1)
        #expect(run.message == "remote said no")
        try fixture.waitFor("the retry to be planned") { fixture.log.contains("Next sync in 1m") }
        #expect(fixture.log.contains(" - ERROR - Sync failed: "))
        #expect(fixture.daemonPid != nil)
    }

    @Test func aJobThatCrashesIsRecordedAndTheDaemonLivesOn() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.script("crash.sh", "kill -SEGV $$")])
        try startDaemon(fixture)
        try fixture.waitFor("the crashed run") { fixture.runs.first?.outcome == .crashed }
        #expect(fixture.runs.first?.exitStatus == Int(SIGSEGV))
        try fixture.waitFor("the retry to be planned") { fixture.log.contains("Next sync in 1m") }
        #expect(fixture.daemonPid != nil)
    }

    @Test func aJobThatHangsPastItsTimeoutIsStoppedAndTheDaemonLivesOn() throws {
        let fixture = try DaemonFixture()
        let hang = try fixture.script(
            "hang.sh",
            "trap '' TERM; echo $$ > \(fixture.cli.root)/hang.pid; sleep 600"
        )
        try fixture.config(command: [hang], sync: "  timeout: 1s\n  grace: 1s\n")
        try startDaemon(fixture)
        try fixture.waitFor("the timed-out run") { fixture.runs.first?.outcome == .timedOut }
        let jobPid = try #require(
            Int32(
                String(contentsOfFile: fixture.cli.root + "/hang.pid", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines
                )
            )
        )
        #expect(kill(jobPid, 0) != 0, "the job that ignored SIGTERM got SIGKILL")
        try fixture.waitFor("the retry to be planned") { fixture.log.contains("Next sync in 1m") }
        #expect(fixture.daemonPid != nil)
    }

    @Test func sigtermDuringASyncStopsTheJobAndRecordsItInterrupted() throws {
        let fixture = try DaemonFixture()
        let slow = try fixture.script("slow.sh", "echo $$ > \(fixture.cli.root)/slow.pid; exec sleep 600")
        try fixture.config(command: [slow], sync: "  grace: 2s\n")
        try startDaemon(fixture)
        try fixture.waitFor("the job to start") {
            fixture.runs.first?.outcome == .running
                && FileManager.default.fileExists(atPath: fixture.cli.root + "/slow.pid")
        }
        let daemon = try #require(fixture.daemonPid)
        kill(daemon, SIGTERM)
        try fixture.waitFor("the daemon to stop") { fixture.daemonPid == nil }
        #expect(fixture.runs.first?.outcome == .interrupted)
        // A stop is not a failure, and says so in words (issue 25, item 5).
        #expect(
            fixture.log.contains(
                " - INFO - Sync stopped before it finished: the daemon or the sync command that ran it was stopped"
            ),
            "\(fixture.log)"
        )
        #expect(!fixture.log.contains("Sync failed"), "\(fixture.log)")
        #expect(!FileManager.default.fileExists(atPath: fixture.home.pidFile))
        let jobPid = try #require(
            Int32(
                String(contentsOfFile: fixture.cli.root + "/slow.pid", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines
                )
            )
        )
        #expect(kill(jobPid, 0) != 0, "the job is gone")
        #expect(fixture.log.contains("Daemon stopped"))
    }

    @Test func aManualSyncWaitsForNoOneAndCannotOverlapTheDaemons() throws {
        let fixture = try DaemonFixture()
        let slow = try fixture.script(
            "slow.sh",
            "echo $$ > \(fixture.cli.root)/slow.tmp; mv \(fixture.cli.root)/slow.tmp \(fixture.cli.root)/slow.started; exec sleep 600"
        )
        try fixture.config(command: [slow])
        try startDaemon(fixture)
        try fixture.waitFor("the daemon's job to start") {
            FileManager.default.fileExists(atPath: fixture.cli.root + "/slow.started")
        }
        let job = try #require(
            Int32(try fixture.cli.read("slow.started").trimmingCharacters(in: .whitespacesAndNewlines))
        )
        let manual = try fixture.run("sync", "--force")
        #expect(manual.status == 1)
        #expect(
            manual.stderr
                == "musicdiff: a sync is already running (pid \(job): sleep 600); wait for it to finish, or stop it first\n"
        )
        #expect(try fixture.run("daemon", "stop").status == 0)
        #expect(kill(job, 0) != 0, "the daemon's job does not outlive it")
    }

    @Test func aManualSyncIsRecordedInTheHistory() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript(changes: 2)])
        let manual = try fixture.run("sync")
        #expect(manual.status == 0, "\(manual.stderr)")
        #expect(manual.stdout == "Sync completed: 2 changes\n")
        #expect(fixture.runs.first?.trigger == .manual)
        #expect(fixture.scriptRuns == 1)
    }

    @Test func aManualSyncGoesThroughThePolicyUnlessForced() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  smart: true\n  policy: strict\n")
        try fixture.cli.write("home/policies/strict.yaml", "load: { max_per_core: 0.1 }\n")
        try fixture.cli.write("proc/loadavg", "4.00 1.00 1.00 1/100 99\n")
        let blocked = try fixture.run("sync")
        #expect(blocked.status == 1)
        #expect(
            blocked.stderr
                == "musicdiff: not syncing: policy strict is blocked by load (see musicdiff why-not; --force runs anyway)\n"
        )
        #expect(fixture.scriptRuns == 0)
        let forced = try fixture.run("sync", "--force")
        #expect(forced.status == 0)
        #expect(fixture.runs.first?.trigger == .forced)
    }
}
