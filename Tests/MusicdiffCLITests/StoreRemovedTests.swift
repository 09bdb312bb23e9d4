import Foundation
import MusicdiffDaemon
import Testing

/// The daemon's files removed or spoiled under it: a `state.sqlite` deleted while it runs is
/// made again, and an `unsaved-runs.json` it cannot take is put aside, each said in the log.
@Suite struct StoreRemovedTests {
    @Test func aStoreRemovedWhileTheDaemonRunsIsMadeAgain() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the first sync") { fixture.runs.first?.outcome == .success }
        let pid = try #require(fixture.daemonPid)
        #expect(unlink(fixture.home.stateFile) == 0)
        // Its next use of the store (here: learning of a run outside it) finds the file gone.
        kill(pid, SIGUSR1)
        try fixture.waitFor("the new store") {
            fixture.log.contains("state.sqlite was removed; created a new one at \(fixture.home.stateFile)")
        }
        #expect(FileManager.default.fileExists(atPath: fixture.home.stateFile))
        let status = try fixture.run("daemon", "status")
        #expect(status.stdout.hasPrefix("running: pid \(pid)"), "\(status.stdout)")
        #expect(status.stdout.contains("\nmode: interval, "), "\(status.stdout)")
        #expect(status.stdout.contains("\nnext due: "), "the schedule was kept: \(status.stdout)")
        // And it goes on recording there: a manual sync's run, then the daemon's stop.
        #expect(try fixture.run("sync").status == 0)
        try fixture.waitFor("the manual run, in the new store") { fixture.runs.first?.trigger == .manual }
        #expect(try fixture.run("daemon", "stop").status == 0)
        try fixture.waitFor("the daemon's stop") { fixture.daemonPid == nil }
        let store = try #require(try StateStore.openForReading(path: fixture.home.stateFile))
        #expect(try store.moments(from: .distantPast).last?.kind == .daemonStop)
    }

    /// The `unsaved-runs.json.bad-*` files beside `unsaved-runs.json`.
    func putAside(_ fixture: DaemonFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.home.path)
            .filter { $0.hasPrefix("unsaved-runs.json.bad-") }
    }

    @Test func aTruncatedUnsavedRunsFileIsSaidAndPutAside() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()])
        try fixture.cli.write("home/unsaved-runs.json", #"[{"startedAt": 786000000, "trig"#)
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the log line") {
            fixture.log.contains(
                "\(fixture.home.unsavedRuns) is not taken: it is not a list of runs (truncated?)"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.home.unsavedRuns))
        #expect(try putAside(fixture).count == 1)
        try fixture.waitFor("the first sync") { fixture.runs.first?.outcome == .success }
        #expect(try fixture.run("daemon", "stop").status == 0)
    }

    @Test func aHugeUnsavedRunsFileIsNotReadAndTheDaemonStopsAtOnce() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()])
        let run =
            #"{"startedAt": 786000000, "endedAt": 786000060, "trigger": "daemon", "outcome": "success", "conflicts": []}"#
        let count = UnsavedRuns.maxFileBytes / run.utf8.count + 100
        try fixture.cli.write(
            "home/unsaved-runs.json",
            "[" + Array(repeating: run, count: count).joined(separator: ",") + "]"
        )
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the log line") {
            fixture.log.contains("\(fixture.home.unsavedRuns) is not taken: it holds ")
        }
        #expect(try putAside(fixture).count == 1)
        #expect(
            fixture.runs.filter { $0.startedAt == Date(timeIntervalSinceReferenceDate: 786_000_000) }.isEmpty
        )
        let started = ContinuousClock.now
        #expect(try fixture.run("daemon", "stop").status == 0)
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
