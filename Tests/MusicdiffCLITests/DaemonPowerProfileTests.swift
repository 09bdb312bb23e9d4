import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `power_profile` through the real binary, against python-dbusmock's `power_profiles_daemon`
/// template: power saver holds a due sync back, and the switch to balanced starts it on the
/// daemon's `PropertiesChanged` signal, not on a poll tick (set to an hour).
@Suite struct DaemonPowerProfileTests {
    static let policy = "power_profile: { deny: [power-saver] }\npoll: 1h\n"

    func blockedDaemon(whileRunning: String = "") throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: [.powerProfiles]) { try $0.setPowerProfile("power-saver") }
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write("home/policies/saver.yaml", Self.policy + whileRunning)
        #expect(try fixture.run("daemon", "--policy", "saver").status == 0)
        try fixture.waitFor("a tick blocked by the power profile") {
            fixture.ticks.first?.failed == ["power_profile"]
        }
        // The line reaches the log after the tick reaches the store.
        try fixture.waitFor("the blocked line in the log") {
            fixture.log.contains("Sync due, but the policy says not now: power_profile:")
        }
        return fixture
    }

    @Test func aSyncHeldByPowerSaverStartsAtOnceOnTheSwitchToBalanced() throws {
        let fixture = try blockedDaemon()
        #expect(
            fixture.log.contains(
                "Sync due, but the policy says not now: power_profile: the power profile is power-saver,"
                    + " which the policy denies"
            ),
            "\(fixture.log)"
        )
        let whyNot = try fixture.run("why-not")
        #expect(whyNot.stdout.contains("power-saver (power-profiles-daemon)"), "\(whyNot.stdout)")
        #expect(whyNot.stdout.contains("readings: the running daemon's"), "\(whyNot.stdout)")
        #expect(fixture.spans.isEmpty)

        let switched = Int(Date().timeIntervalSince1970 * 1e9)
        try fixture.driver.setPowerProfile("balanced")
        try fixture.waitFor("the sync to start on the power profile's signal", timeout: .seconds(10)) {
            fixture.spans.count == 1
        }
        let latency = Double(fixture.spans[0].start - switched) / 1e6
        #expect(latency < 100, "the job started \(latency) ms after the switch was sent")
    }

    @Test func pickingPowerSaverStopsTheRunWhichStartsAgainOnBalanced() throws {
        let fixture = try blockedDaemon(
            whileRunning: "while_running:\n  power_profile: { deny: [power-saver] }\n  grace: 5s\n"
        )
        try fixture.driver.setPowerProfile("balanced")
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        let whyNot = try fixture.run("why-not")
        #expect(whyNot.stdout.contains("; it stops if the user picks power-saver\n"), "\(whyNot.stdout)")

        try fixture.driver.setPowerProfile("power-saver")
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        #expect(fixture.runs.first?.message == "the power profile changed to power-saver")
        #expect(fixture.log.contains(" - INFO - Sync stopped: the power profile changed to power-saver"))

        try fixture.driver.setPowerProfile("balanced")
        try fixture.waitFor("the restart on balanced") { fixture.spans.count == 2 }
    }
}
