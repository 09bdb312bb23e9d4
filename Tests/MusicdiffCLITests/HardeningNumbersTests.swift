import Foundation
import MusicdiffTestSupport
import Testing

/// Hostile numbers from outside (UPower, `/sys`, `/proc`, the daemon's socket) and far-off
/// times, through the real binary: an unknown reading with its reason, or a correct answer;
/// never a trap.
@Suite struct HardeningNumbersTests {
    @Test(arguments: [(Double.nan, "nan"), (.infinity, "inf"), (1e300, "1e+300"), (-1e300, "-1e+300")])
    func aHostileUPowerPercentageIsAnUnknownBattery(percent: Double, shown: String) throws {
        let fixture = try DaemonFixture(services: [.upower]) { driver in
            try driver.upowerSetDisplayDevice(percent: percent, state: 2)
            try driver.upowerSetOnBattery(true)
        }
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write(
            "home/policies/battery.yaml",
            "battery: { min_percent: 40 }\non_unknown: block\npoll: 1h\n"
        )
        #expect(try fixture.run("daemon", "--policy", "battery").status == 0)
        let reason = "UPower reported a battery percentage of \(shown)"
        try fixture.waitFor("a tick blocked by the unknown battery") {
            fixture.log.contains("policy says not now: battery: \(reason); the rule blocks")
        }
        let pid = try #require(fixture.daemonPid)
        let text = try fixture.run("why-not")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains(reason), "\(text.stdout)")
        let json = try fixture.run("why-not", "--json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let battery = try #require(object?.rule("battery"))
        #expect(battery["ok"] is NSNull)
        #expect((battery["reason"] as? String)?.hasPrefix(reason) == true, "\(battery)")
        #expect(fixture.daemonPid == pid, "the daemon still runs")
        #expect(fixture.scriptRuns == 0)
    }

    @Test(arguments: [
        (
            "sys/class/power_supply/BAT0/capacity", "nan\n",
            "BAT0/capacity reported a battery percentage of nan"
        ),
        (
            "sys/class/power_supply/BAT0/capacity", "1e999\n",
            "BAT0/capacity reported a battery percentage of 1e999"
        ),
        ("sys/class/power_supply/BAT0/capacity", "-5\n", "BAT0/capacity reported a battery percentage of -5"),
        ("proc/loadavg", "inf 1.00 1.00 1/100 99\n", "loadavg reported a load average of inf"),
        ("proc/loadavg", "-1 1.00 1.00 1/100 99\n", "loadavg reported a load average of -1"),
        ("sys/devices/system/cpu/online", "0-9223372036854775807\n", "✓ load"),
    ])
    func aHostileNumberInSysOrProcIsAnUnknownReading(file: String, text: String, shown: String) throws {
        let fixture = try CLIFixture()
        try fixture.power(ac: false, percent: 50)
        try fixture.write(file, text)
        try fixture.write("both.yaml", "load: { max_per_core: 1 }\nbattery: { min_percent: 40 }\n")
        let result = try fixture.run("why-not", "--policy", fixture.root + "/both.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(shown), "\(result.stdout)")
        let json = try fixture.whyNotJSON("--policy", fixture.root + "/both.yaml")
        #expect(json["would_sync"] != nil)
    }

    /// `Date.distantFuture` is 4001-01-01: a check "at the latest then" came before the moment.
    @Test(arguments: [
        ("4001-06-01T12:00", "4001-06-01 12:01:00"), ("9999-12-31T23:00", "9999-12-31 23:01:00"),
    ])
    func aMovedTimePastTheYear4001ChecksAfterIt(at: String, next: String) throws {
        let fixture = try CLIFixture()
        try fixture.write("load.yaml", "load: { max_per_core: 0.1 }\n")
        let text = try fixture.run("why-not", "--policy", fixture.root + "/load.yaml", "--at", at)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\nnext check: \(next) (every 1m while blocked"), "\(text.stdout)")
        let json = try fixture.whyNotJSON("--policy", fixture.root + "/load.yaml", "--at", at)
        #expect(json["next_check"] as? String == next.replacingOccurrences(of: " ", with: "T") + "Z")
    }
}
