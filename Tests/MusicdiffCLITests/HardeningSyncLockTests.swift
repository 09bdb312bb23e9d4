import Foundation
import MusicdiffDaemon
import Testing

/// The sync lock, driven through the real binary: what a job leaves running in the
/// background does not hold it, and whatever does hold it is named.
@Suite struct HardeningSyncLockTests {
    /// Runs `sync --force` twice with `job`, which leaves a helper in a session of its own
    /// and writes its pid to `helper.pid`; returns the second run and the first helper's pid (the
    /// second run's helper is ended here).
    func twoSyncs(_ fixture: DaemonFixture, job body: String) throws -> (MusicdiffProcess.Result, Int32) {
        let job = try fixture.script("job.sh", body + "\necho '{\"changes_applied\": 1}'")
        try fixture.config(command: [job])
        let first = try fixture.run("sync", "--force")
        #expect(first.status == 0, "\(first.stderr)")
        let helper = try #require(
            Int32(try fixture.cli.read("helper.pid").trimmingCharacters(in: .whitespacesAndNewlines))
        )
        #expect(DaemonFixture.isRunning(helper), "the helper escaped the job's process group")
        #expect(
            first.stdout.contains("The job left pid \(helper) (sleep 300) running outside its process group"),
            "the run names what it left: \(first.stdout)"
        )
        let second = try fixture.run("sync", "--force")
        // The second run's job left a helper of its own: not looked at, only ended.
        let again = Int32(
            (try? fixture.cli.read("helper.pid"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        )
        if let again, again != helper { kill(again, SIGKILL) }
        return (second, helper)
    }

    @Test func aSetsidHelperThatKeepsTheJobsStdinDoesNotBlockTheNextSync() throws {
        let fixture = try DaemonFixture()
        let (second, helper) = try twoSyncs(
            fixture,
            job: """
                exec 3<&0; setsid sleep 300 <&3 >/dev/null 2>&1 3<&- &
                echo $! > \(fixture.cli.root)/helper.pid
                # Ends only once the helper has left the job's session: before its setsid() it is
                # still in the job's group, which is stopped when the job ends (a busy runner lost
                # that race now and then, and the helper was gone before the test looked).
                session() { cut -d' ' -f6 "/proc/$1/stat"; }
                while [ "$(session $!)" = "$(session $$)" ]; do sleep 0.01; done
                """
        )
        defer { kill(helper, SIGKILL) }
        #expect(second.status == 0, "\(second.stderr)")
        #expect(fixture.runs.count == 2)
    }

    @Test func aPythonHelperInANewSessionDoesNotBlockTheNextSync() throws {
        let fixture = try DaemonFixture()
        let (second, helper) = try twoSyncs(
            fixture,
            job: """
                python3 -c 'import subprocess as s; print(s.Popen(["sleep", "300"], start_new_session=True, stdout=s.DEVNULL, stderr=s.DEVNULL).pid)' > \(fixture.cli.root)/helper.pid
                """
        )
        defer { kill(helper, SIGKILL) }
        #expect(second.status == 0, "\(second.stderr)")
    }

    @Test func whatHoldsTheSyncLockIsNamedByTheSyncTheDaemonAndItsStatus() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["-x", fixture.home.syncLock, "sleep", "300"]
        try holder.run()
        defer {
            kill(-holder.processIdentifier, SIGKILL)
            kill(holder.processIdentifier, SIGKILL)
        }
        try fixture.waitFor("flock to take the lock") { PidLock.isHeld(at: fixture.home.syncLock) }
        let pid = holder.processIdentifier
        let named = "pid \(pid): /usr/bin/flock -x \(fixture.home.syncLock) sleep 300"

        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("a sync is already running (\(named))"), "\(sync.stderr)")

        #expect(try fixture.run("daemon", "--interval", "1d").status == 0)
        try fixture.waitFor("the daemon to name the holder") {
            fixture.log.contains("Another sync is running (pid \(pid) (/usr/bin/flock -x")
        }
        let status = try fixture.run("daemon", "status")
        #expect(
            status.stdout.contains("the sync lock is held by pid \(pid) (/usr/bin/flock -x"),
            "\(status.stdout)"
        )
        let whyNot = try fixture.run("why-not", "--policy", "laptop")
        #expect(
            whyNot.stdout.contains("the sync lock is held by pid \(pid) (/usr/bin/flock -x"),
            "\(whyNot.stdout)"
        )
        #expect(try fixture.run("daemon", "stop").status == 0)
    }
}
