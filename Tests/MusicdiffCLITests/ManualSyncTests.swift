import Foundation
import MusicdiffDaemon
import Testing

/// `musicdiff sync` beside a running daemon: the daemon's gate applies, and the daemon learns
/// of the run, logs it and counts its interval from it.
@Suite struct ManualSyncTests {
    @Test func theRunningDaemonsPolicyGatesAManualSyncWhateverPolicyIsGiven() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/strict.yaml", "load: { max_per_core: 0.1 }\npoll: 1h\n")
        try fixture.cli.write("proc/loadavg", "4.00 1.00 1.00 1/100 99\n")
        #expect(try fixture.run("daemon", "--policy", "strict").status == 0)
        try fixture.waitFor("a tick blocked by load") { fixture.ticks.first?.failed == ["load"] }

        let plain = try fixture.run("sync")
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("not syncing: policy strict is blocked by load"), "\(plain.stderr)")
        let other = try fixture.run("sync", "--policy", "server")
        #expect(other.status == 1, "the daemon's gate, not server's")
        #expect(
            other.stderr.contains(
                "warning: the running daemon gates with policy strict; --policy is used only when no daemon runs"
            ),
            "\(other.stderr)"
        )
        #expect(fixture.scriptRuns == 0)
    }

    @Test func aManualRunIsLoggedByTheDaemonAndMovesItsNextDueTime() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1h") }
        let store = try #require(try StateStore.openForReading(path: fixture.home.stateFile))
        let planned = try #require(try store.scheduleState()?.nextDue)

        let manual = try fixture.run("sync", "--force")
        #expect(manual.status == 0, "\(manual.stderr)")
        try fixture.waitFor("the daemon to log the manual run") {
            fixture.log.contains(
                " - INFO - A forced manual sync ran outside the daemon: Sync completed: 1 change"
            )
        }
        try fixture.waitFor("the next due time to move") {
            (try? store.scheduleState()?.nextDue).flatMap { $0 }.map { $0 > planned } == true
        }
        #expect(fixture.scriptRuns == 2, "the daemon did not sync again at once")
    }
}

@Suite struct WhyNotWordingTests {
    @Test func theNextCheckNamesOnlyTheTimeRulesThePolicyHas() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/gap.yaml", "min_gap: 6h\n")
        #expect(try fixture.run("sync", "--force").status == 0)
        let whyNot = try fixture.run("why-not", "--policy", "gap")
        #expect(whyNot.stdout.contains(", when min_gap allows\n"), "\(whyNot.stdout)")
        #expect(!whyNot.stdout.contains("window"))
    }
}
