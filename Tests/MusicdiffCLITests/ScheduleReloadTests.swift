import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// What a reload that changes the schedule keeps and tells (issue 21's newcomer findings):
/// `daemon status` shows the new mode, and a failed sync's retry survives it as it survives a
/// restart.
@Suite struct ScheduleReloadTests {
    func state(_ fixture: DaemonFixture) throws -> ScheduleState? {
        try StateStore.openForReading(path: fixture.home.stateFile)?.scheduleState()
    }

    @Test func daemonStatusShowsTheScheduleOfTheLastReload() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 6h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 6h") }
        #expect(try fixture.run("daemon", "status").stdout.contains("every 6h"))
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 10m\n")
        kill(try #require(fixture.daemonPid), SIGHUP)
        try fixture.waitFor("the reload") { fixture.log.contains("Reloaded configuration") }
        let status = try fixture.run("daemon", "status")
        let mode = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("mode: ") })
        #expect(mode.contains("every 10m") && !mode.contains("6h"), "\(status.stdout)")
    }

    @Test func aReloadThatChangesTheScheduleKeepsTheRetryAfterAFailure() throws {
        let fixture = try DaemonFixture()
        let failing = try fixture.script("fail.sh", "exit 3")
        try fixture.config(command: [failing], daemon: "  interval: 6h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the retry after the failure") { fixture.log.contains("Next sync in 1m") }
        let failedAt = try #require(fixture.runs.first?.endedAt)
        try fixture.config(command: [failing], daemon: "  interval: 10m\n")
        kill(try #require(fixture.daemonPid), SIGHUP)
        try fixture.waitFor("the new plan") { fixture.log.contains("The schedule changed (was every 6h)") }
        try fixture.waitFor("the plan to be saved") { try state(fixture)?.consecutiveFailures == 1 }
        let planned = try #require(try state(fixture))
        #expect(
            planned.nextDue.timeIntervalSince(failedAt) <= 61,
            "the 1-minute retry stays (not 10m after the run): \(planned.nextDue) after \(failedAt)"
        )
        #expect(planned.dueSince != nil, "still due since before the failure")
    }
}
