import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// Issue 25, item 4: a job's output is seen live by whoever runs `musicdiff sync` on a
/// terminal, and its last lines are kept in the log and the store, shown for a failed run.
@Suite struct JobOutputTests {
    /// Bytes read from a pipe on a thread of their own, to be polled for.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

        init(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { [self] handle in
                let chunk = handle.availableData
                lock.withLock { data.append(chunk) }
            }
        }
    }

    @Test func aManualSyncOnATerminalShowsTheJobsOutputWhileItRuns() throws {
        let fixture = try DaemonFixture()
        let release = fixture.cli.root + "/release"
        let job = try fixture.script(
            "job.sh",
            """
            echo "fake sync: trigger=$MUSICDIFF_SYNC_TRIGGER"
            echo "scanning the library" >&2
            while [ ! -e \(release) ]; do sleep 0.05; done
            echo '{"changes_applied": 1, "failed_changes": 0, "conflicts": []}'
            """
        )
        try fixture.config(command: [job])
        // script(1) gives the command a terminal, as a person's shell would.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qefc", "'\(MusicdiffProcess.binary)' sync --force", "/dev/null"]
        process.environment = fixture.cli.runner.environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let seen = Collected(output)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let live = poll(timeout: .seconds(30)) {
            seen.text.contains("fake sync: trigger=forced") && seen.text.contains("scanning the library")
        }
        #expect(live, "the job's output is not shown while it runs: \(seen.text)")
        #expect(process.isRunning, "the job waits for the test")
        _ = FileManager.default.createFile(atPath: release, contents: nil)
        #expect(poll(timeout: .seconds(30)) { !process.isRunning })
        #expect(process.terminationStatus == 0, "\(seen.text)")
        #expect(poll(timeout: .seconds(5)) { seen.text.contains("Sync completed: 1 change") }, "\(seen.text)")
    }

    @Test func aFailedRunsLastLinesAreInTheLogTheStoreStatusAndWhyNot() throws {
        let fixture = try DaemonFixture()
        let job = try fixture.script(
            "job.sh",
            """
            echo "fake sync: trigger=$MUSICDIFF_SYNC_TRIGGER"
            echo "rsync: connection refused" >&2
            exit 3
            """
        )
        try fixture.config(command: [job])
        let sync = try fixture.run("sync", "--force")
        #expect(sync.status == 1)
        #expect(!sync.stdout.contains("fake sync"), "not a terminal: the output is not echoed")
        // No daemon runs: the manual run goes to daemon.log all the same.
        #expect(
            fixture.log.contains(" - musicdiff - INFO - Job output: fake sync: trigger=forced\n"),
            "\(fixture.log)"
        )
        #expect(fixture.log.contains(" - musicdiff - INFO - Job output: rsync: connection refused\n"))
        #expect(
            fixture.log.contains(
                " - musicdiff - ERROR - A forced manual sync ran with no daemon running: Sync failed: exit status 3: rsync: connection refused\n"
            ),
            "\(fixture.log)"
        )
        #expect(fixture.runs.first?.output == "fake sync: trigger=forced\nrsync: connection refused")
        let tail = "its output, last 2 lines:\n  fake sync: trigger=forced\n  rsync: connection refused\n"
        let status = try fixture.run("daemon", "status")
        #expect(status.stdout.contains(", failed: rsync: connection refused\n" + tail), "\(status.stdout)")
        try fixture.cli.write("strict.yaml", "load: { max_per_core: 0.01 }\n")
        let whyNot = try fixture.run("why-not", "--policy", fixture.cli.root + "/strict.yaml")
        #expect(whyNot.stdout.contains("last run: failed at "), "\(whyNot.stdout)")
        #expect(whyNot.stdout.contains(": rsync: connection refused\n" + tail), "\(whyNot.stdout)")
    }

    @Test func theDaemonLogsTheLastLinesOfEveryRun() throws {
        let fixture = try DaemonFixture()
        let job = try fixture.script(
            "job.sh",
            """
            echo "fake sync: trigger=$MUSICDIFF_SYNC_TRIGGER"
            echo '{"changes_applied": 2, "failed_changes": 0, "conflicts": []}'
            """
        )
        try fixture.config(command: [job])
        let start = try fixture.run("daemon", "--interval", "6h")
        #expect(start.status == 0, "\(start.stderr)")
        defer { _ = try? fixture.run("daemon", "stop") }
        try fixture.waitFor("the first sync") { fixture.log.contains("Sync completed: 2 changes") }
        #expect(fixture.log.contains(" - musicdiff - INFO - Job output: fake sync: trigger=daemon\n"))
        // The run is stored a moment after its log line: wait for it rather than read at once.
        try fixture.waitFor("the stored run") { fixture.runs.first?.output != nil }
        #expect(fixture.runs.first?.output?.hasPrefix("fake sync: trigger=daemon\n") == true)
        let status = try fixture.run("daemon", "status")
        #expect(
            !status.stdout.contains("its output"),
            "a successful run's output is not shown: \(status.stdout)"
        )
    }
}
