import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The job knows why it runs: through the real binary, against python-dbusmock, its
/// environment carries the readings the daemon decided on, the relax step in force, the
/// deadline, how overdue the sync was, and why the last run was stopped.
@Suite struct JobReadingsTests {
    static let policy = """
        network: { require: unmetered }
        battery: { on_battery: allow, min_percent: 30 }
        relax:
          - after: 1s
            network: { require: online }
        max_deferral: 1h
        poll: 1h
        while_running:
          battery: { min_percent: 30 }
          grace: 5s

        """

    @Test func theJobSeesMeteredWiFiABatteryAt35AndTheStepInForce() throws {
        let fixture = try DaemonFixture(services: [.networkManager, .upower]) { driver in
            try driver.nmJoinWiFi(ssid: "Cafe", name: "cafe", metered: 1)
            try driver.upowerSetDisplayDevice(percent: 35, state: 2)
            try driver.upowerSetOnBattery(true)
        }
        try fixture.config(command: [fixture.seeingJob(wait: false)])
        try fixture.cli.write("home/policies/cafe.yaml", Self.policy)
        #expect(try fixture.run("daemon", "--policy", "cafe").status == 0)
        try fixture.waitFor("what the job saw", timeout: .seconds(30)) { !fixture.seen.isEmpty }
        let seen = fixture.seen
        #expect(seen["MUSICDIFF_METERED"] == "yes", "\(seen)")
        #expect(seen["MUSICDIFF_NETWORK"] == "wifi")
        #expect(seen["MUSICDIFF_ON_BATTERY"] == "1")
        #expect(seen["MUSICDIFF_BATTERY_PERCENT"] == "35")
        #expect(seen["MUSICDIFF_RELAX_STEP"] == "1s")
        #expect((Int(seen["MUSICDIFF_OVERDUE_SECONDS"] ?? "") ?? -1) >= 1)
        let deadline = try #require(seen["MUSICDIFF_DEADLINE"])
        #expect((try? Date(deadline, strategy: .iso8601)) != nil, "\(deadline)")
        #expect(seen["MUSICDIFF_LAST_STOP"] == "")

        try FileManager.default.removeItem(atPath: fixture.cli.root + "/seen.txt")
        try fixture.driver.upowerSetDisplayDevice(percent: 20, state: 2)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        let reason = try #require(fixture.runs.first?.message)
        try fixture.driver.upowerSetDisplayDevice(percent: 35, state: 2)
        try fixture.waitFor("the next run", timeout: .seconds(30)) { !fixture.seen.isEmpty }
        #expect(fixture.seen["MUSICDIFF_LAST_STOP"] == reason)
    }

    @Test func withoutAPolicyTheReadingsAreUnknown() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.seeingJob(wait: false, stay: false)])
        #expect(try fixture.run("sync", "--force").status == 0)
        let seen = fixture.seen
        #expect(seen["MUSICDIFF_METERED"] == "unknown", "\(seen)")
        #expect(seen["MUSICDIFF_ON_BATTERY"] == "unknown")
        #expect(seen["MUSICDIFF_BATTERY_PERCENT"] == "unknown")
        #expect(seen["MUSICDIFF_NETWORK"] == "unknown")
        #expect(seen["MUSICDIFF_RELAX_STEP"] == "" && seen["MUSICDIFF_DEADLINE"] == "")
    }
}
