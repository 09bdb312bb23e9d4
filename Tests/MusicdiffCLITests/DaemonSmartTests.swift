import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// Smart mode against python-dbusmock's UPower and NetworkManager: a due sync waits for the
/// policy and starts on the sensor event that clears it, not on a poll tick (set to an hour).
@Suite struct DaemonSmartTests {
    @Test func aSyncBlockedByBatteryStartsWhenUPowerReportsAC() throws {
        let fixture = try DaemonFixture(services: [.upower]) { driver in
            try driver.upowerSetDisplayDevice(percent: 23, state: 2)
            try driver.upowerSetOnBattery(true)
        }
        try fixture.cli.power(ac: false, percent: 23)  // /sys agrees with UPower, as on a real laptop
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/battery.yaml", "battery: { min_percent: 40 }\npoll: 1h\n")
        #expect(try fixture.run("daemon", "--policy", "battery").status == 0)
        try fixture.waitFor("a tick blocked by battery") { fixture.ticks.first?.failed == ["battery"] }
        // The tick reaches the store before the line reaches the log: wait for the line too.
        try fixture.waitFor("the blocked line in the log") {
            fixture.log.contains(
                "Sync due, but the policy says not now: battery: on battery at 23%, below 40%"
            )
        }
        #expect(fixture.scriptRuns == 0)

        try fixture.driver.upowerSetOnBattery(false)
        try fixture.waitFor("the sync to start on the UPower event", timeout: .seconds(10)) {
            fixture.scriptRuns == 1
        }
        try fixture.waitFor("the run to be recorded") { fixture.runs.first?.outcome == .success }
        #expect(fixture.ticks.first?.wouldSync == true)
    }

    @Test func meteredBlocksAndUnmeteredReleases() throws {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "Phone", name: "phone", metered: 1)
        }
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/wifi.yaml", "network: { require: unmetered }\npoll: 1h\n")
        #expect(try fixture.run("daemon", "--policy", "wifi").status == 0)
        try fixture.waitFor("a tick blocked by network") { fixture.ticks.first?.failed == ["network"] }
        try fixture.waitFor("the log to say why") {
            fixture.log.contains("network: the connection is metered (yes)")
        }

        try fixture.driver.nmSetMetered(4)
        try fixture.waitFor("the sync to start on the NetworkManager event", timeout: .seconds(10)) {
            fixture.scriptRuns == 1
        }
    }

    @Test func sighupWithABrokenPolicyKeepsTheLastGoodOne() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("proc/loadavg", "4.00 1.00 1.00 1/100 99\n")
        try fixture.cli.write("home/policies/mine.yaml", "load: { max_per_core: 0.5 }\npoll: 1h\n")
        #expect(try fixture.run("daemon", "--policy", "mine").status == 0)
        try fixture.waitFor("a tick blocked by load") { fixture.ticks.first?.failed == ["load"] }
        let pid = try #require(fixture.daemonPid)

        try fixture.cli.write("home/policies/mine.yaml", "load: { max_per_core: lots }\n")
        kill(pid, SIGHUP)
        try fixture.waitFor("the reload to fail") { fixture.log.contains("Reload failed") }
        #expect(
            fixture.log.contains(
                "Reload failed, keeping the last good configuration (every 24h, policy mine (\(fixture.cli.home)/policies/mine.yaml)): "
                    + "\(fixture.cli.home)/policies/mine.yaml:1:23: load.max_per_core must be a number, like 0.7, not \"lots\""
            )
        )
        #expect(fixture.daemonPid == pid)
        #expect(fixture.scriptRuns == 0, "the old policy still blocks")

        try fixture.cli.write("home/policies/mine.yaml", "load: { max_per_core: 2 }\n")
        kill(pid, SIGHUP)
        try fixture.waitFor("the good reload to release the sync") { fixture.scriptRuns == 1 }
        #expect(fixture.log.contains("Reloaded configuration: every 24h, policy mine"))
    }
}
