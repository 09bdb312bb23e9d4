import Foundation
import MusicdiffDaemon
import Testing

/// The real daemon with a deferral ladder: a sync blocked by a reading that sends no events
/// (load) starts when the relax step that turns the rule off begins, not at the hour's poll.
@Suite struct DaemonLadderTests {
    @Test func aBlockedSyncStartsWhenTheStepBegins() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("proc/loadavg", "4.00 1.00 1.00 1/100 99\n")
        try fixture.cli.write(
            "home/policies/busy.yaml",
            "load: { max_per_core: 0.5 }\nrelax:\n  - after: 4s\n    load: off\nmax_deferral: 1h\npoll: 1h\n"
        )
        #expect(try fixture.run("daemon", "--policy", "busy").status == 0)
        try fixture.waitFor("a tick blocked by load") { fixture.ticks.first?.failed == ["load"] }
        let status = try fixture.run("daemon", "status").stdout
        #expect(status.contains("\nsync by: "), "\(status)")
        #expect(status.contains(" at the latest (max_deferral 1h)\n"), "\(status)")

        try fixture.waitFor("the sync to start when the step begins", timeout: .seconds(60)) {
            fixture.scriptRuns == 1
        }
        try fixture.waitFor("the run to be recorded", timeout: .seconds(60)) {
            fixture.runs.first?.outcome == .success
        }
        let blocked = try #require(fixture.ticks.last { !$0.wouldSync })
        let run = try #require(fixture.runs.first)
        let wait = run.startedAt.timeIntervalSince(blocked.at)
        #expect(
            wait >= 3 && wait < 60,
            "started \(wait)s after the first blocked tick: at the step, not the poll"
        )
        #expect(fixture.ticks.first?.wouldSync == true)
    }
}
