import Foundation
import MusicdiffDaemon
import Testing

/// Faults around the sync job, driven through the real binary: whatever kills whom, two jobs
/// never overlap and no outcome is lost.
@Suite struct HardeningJobTests {
    @Test func killNineDuringASyncNeverLetsASecondJobOverlapTheOrphan() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.spanningJob()], sync: "  grace: 5s\n")
        #expect(try fixture.run("daemon", "--interval", "60").status == 0)
        try fixture.waitFor("the first job") { fixture.spans.count == 1 }
        let first = try #require(fixture.daemonPid)
        kill(first, SIGKILL)
        try fixture.waitFor("the killed daemon's lock to go") { fixture.daemonPid == nil }
        let orphan = try #require(Int32(fixture.spans[0].pid))
        #expect(DaemonFixture.isRunning(orphan), "the job outlived its daemon")
        let manual = try fixture.run("sync", "--force")
        #expect(manual.status == 1, "a manual sync cannot start beside the orphan")
        #expect(
            manual.stderr.contains("a sync is already running (pid \(orphan): /bin/sh "),
            "\(manual.stderr)"
        )

        #expect(try fixture.run("daemon", "--interval", "60").status == 0)
        try fixture.waitFor("the restarted daemon's job") { fixture.spans.count == 2 }
        try fixture.waitFor("the stale run to be recorded") { fixture.runs.count == 2 }
        let stale = try #require(fixture.runs.last)
        #expect(stale.outcome == .interrupted)
        #expect(stale.message?.contains("pid \(first), which ran it, died") == true, "\(stale.message ?? "")")
        #expect(fixture.log.contains("Stopping the sync job (pid \(orphan)) left running by pid \(first)"))
        #expect(try fixture.run("daemon", "stop").status == 0)

        let all = fixture.spans
        #expect(all.count == 2)
        #expect(all.allSatisfy { $0.end != nil }, "every job ended: \(all)")
        for (earlier, later) in zip(all, all.dropFirst()) {
            #expect(later.start >= earlier.end ?? .max, "no overlap: \(all)")
        }
        for span in all {
            #expect(!DaemonFixture.isRunning(Int32(span.pid)!), "no job outlives the stopped daemon")
        }
        let status = try fixture.run("daemon", "status")
        #expect(!status.stdout.contains("last sync: running"), "\(status.stdout)")
    }

    @Test func whatAJobLeavesRunningInTheBackgroundIsStopped() throws {
        let fixture = try DaemonFixture()
        let root = fixture.cli.root
        let job = try fixture.script(
            "bg.sh",
            "sleep 600 & echo $! > \(root)/bg.pid\necho '{\"changes_applied\": 1}'"
        )
        try fixture.config(command: [job])
        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("stopped 1 process the job left running"), "\(sync.stdout)")
        let background = try #require(
            Int32(try fixture.cli.read("bg.pid").trimmingCharacters(in: .whitespacesAndNewlines))
        )
        #expect(!DaemonFixture.isRunning(background), "the background sleep is gone")
    }

    @Test func aSummaryLineOfManyMegabytesIsReadWhole() throws {
        let fixture = try DaemonFixture()
        let job = try fixture.script(
            "big.sh",
            """
            printf '{"changes_applied": 3, "failed_changes": 1, "conflicts": [{"entity_type": "track", "entity_id": "'
            head -c 100000 /dev/zero | tr '\\0' a
            printf '"}]}\\n'
            """
        )
        try fixture.config(command: [job])
        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.hasPrefix("Sync partial: 3 changes, 1 failed\n"), "\(sync.stdout)")
        let run = try #require(fixture.runs.first)
        #expect(run.outcome == .partial)
        #expect(run.conflicts.first?.entityId.utf8.count == 100_000)
    }

    @Test func aSummaryLineBeyondTheBoundIsNamedNotDropped() throws {
        let fixture = try DaemonFixture()
        let job = try fixture.script("huge.sh", "head -c 17000000 /dev/zero | tr '\\0' a; echo")
        try fixture.config(command: [job])
        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("summary too long (17000000 bytes"), "\(sync.stdout)")
        #expect(fixture.runs.first?.message?.contains("summary too long (17000000 bytes") == true)
    }
}
