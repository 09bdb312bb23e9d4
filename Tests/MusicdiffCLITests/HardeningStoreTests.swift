import Foundation
import MusicdiffDaemon
import Testing

/// A state store locked by another process when a sync ends: the outcome lands once the
/// lock goes, in the same daemon or the next one.
@Suite struct HardeningStoreTests {
    /// A process holding an exclusive SQLite transaction on `path` until it is terminated.
    final class StoreLocker {
        let process = Process()

        init(_ path: String, signal: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [
                "-c",
                """
                import sqlite3, sys, time
                db = sqlite3.connect(sys.argv[1], isolation_level=None)
                db.execute("BEGIN EXCLUSIVE")
                open(sys.argv[2], "w").close()
                sys.stdin.read()
                """,
                path, signal,
            ]
            process.standardInput = Pipe()
            try process.run()
        }

        /// Ends the transaction. SIGKILL, because the test process may block SIGTERM, and a
        /// child inherits its signal mask.
        func release() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        deinit { if process.isRunning { release() } }
    }

    /// A job that ends when the file `go` appears, with a summary of 5 changes.
    func gatedJob(_ fixture: DaemonFixture) throws -> String {
        let root = fixture.cli.root
        return try fixture.script(
            "gated.sh",
            """
            touch \(root)/started
            while [ ! -e \(root)/go ]; do sleep 0.05; done
            echo '{"changes_applied": 5}'
            """
        )
    }

    /// Starts the daemon, waits for its job, locks the store and lets the job end.
    func endTheJobWhileTheStoreIsLocked(_ fixture: DaemonFixture) throws -> StoreLocker {
        try fixture.config(command: [gatedJob(fixture)])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the job") {
            FileManager.default.fileExists(atPath: fixture.cli.root + "/started")
        }
        try fixture.waitFor("the run's start to be recorded") { fixture.runs.first?.outcome == .running }
        let locker = try StoreLocker(fixture.home.stateFile, signal: fixture.cli.root + "/locked")
        try fixture.waitFor("the store to be locked") {
            FileManager.default.fileExists(atPath: fixture.cli.root + "/locked")
        }
        try fixture.cli.write("go", "")
        try fixture.waitFor("the refused write") { fixture.log.contains("Cannot record the sync run yet") }
        try fixture.waitFor("the run to be kept on disk meanwhile") {
            FileManager.default.fileExists(atPath: fixture.home.unsavedRuns)
        }
        return locker
    }

    @Test func theOutcomeLandsOnceTheLockIsGone() throws {
        let fixture = try DaemonFixture()
        let locker = try endTheJobWhileTheStoreIsLocked(fixture)
        locker.release()
        try fixture.waitFor("the run's outcome", timeout: .seconds(40)) {
            fixture.runs.first?.outcome == .success
        }
        #expect(fixture.runs.count == 1)
        #expect(fixture.runs.first?.changesApplied == 5)
        let store = try #require(try StateStore.openForReading(path: fixture.home.stateFile))
        let state = try #require(try store.scheduleState())
        #expect(
            state.nextDue > Date().addingTimeInterval(3000),
            "the schedule was saved: next due in an hour"
        )
        #expect(!FileManager.default.fileExists(atPath: fixture.home.unsavedRuns))
    }

    @Test func aDaemonStoppedMeanwhileLeavesTheOutcomeToTheNextStart() throws {
        let fixture = try DaemonFixture()
        let locker = try endTheJobWhileTheStoreIsLocked(fixture)
        #expect(try fixture.run("daemon", "stop").status == 0)
        #expect(fixture.log.contains("it is kept in \(fixture.home.unsavedRuns) for the next start"))
        #expect(fixture.runs.first?.outcome == .running, "still locked: not written yet")
        locker.release()
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the run's outcome") { fixture.runs.last?.outcome == .success }
        #expect(fixture.runs.last?.changesApplied == 5)
        #expect(!FileManager.default.fileExists(atPath: fixture.home.unsavedRuns))
    }
}
