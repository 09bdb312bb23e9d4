import Foundation
import Testing

@Suite struct WhyNotCommandTests {
    @Test func onBatteryBelowTheMinimumTheJSONSaysWhy() throws {
        let fixture = try CLIFixture()
        try fixture.power(ac: false, percent: 23)
        let json = try fixture.whyNotJSON("--policy", "laptop")
        #expect(json["would_sync"] as? Bool == false)
        #expect(json["policy"] as? String == "laptop")
        let battery = try #require(json.rule("battery"))
        #expect(battery["ok"] as? Bool == false)
        #expect(battery["observed"] as? String == "on battery, 23%")
        #expect(battery["required"] as? String == "AC or >= 40%")
        #expect(battery["reason"] as? String == "on battery at 23%, below 40%")
        #expect(json["history"] as? [Any] != nil)
        let evaluated = try #require(json["evaluated_at"] as? String)
        #expect(evaluated.hasSuffix("Z") && evaluated.count == 20)
    }

    @Test func onACWithLoadAtTheLimitTheSyncWouldRun() throws {
        let fixture = try CLIFixture()
        try fixture.power(ac: true, percent: 50)
        try fixture.write("proc/loadavg", "2.80 1.00 1.00 1/100 99\n")
        let json = try fixture.whyNotJSON("--policy", "laptop")
        #expect(json.rule("load")?["ok"] as? Bool == true)
        #expect(json.rule("load")?["observed"] as? String == "0.7 per core (2.8 / 4 CPUs)")
        #expect(json.rule("battery")?["ok"] as? Bool == true)
        #expect(json.rule("min_gap")?["reason"] as? String == "no sync recorded yet")
        #expect(json["would_sync"] as? Bool == true)
    }

    @Test func unknownReadingsAreNullWithTheirReason() throws {
        let fixture = try CLIFixture()
        try FileManager.default.removeItem(atPath: fixture.proc + "/loadavg")
        let json = try fixture.whyNotJSON("--policy", "server")
        let load = try #require(json.rule("load"))
        #expect(load["ok"] is NSNull)
        #expect(
            load["reason"] as? String
                == "\(fixture.proc)/loadavg does not exist; the rule passes (on_unknown: pass)"
        )
    }

    @Test func humanOutputHasOneLinePerRuleWithItsMark() throws {
        let fixture = try CLIFixture()
        try fixture.power(ac: false, percent: 23)
        let result = try fixture.run("why-not", "--policy", "laptop")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "laptop (shipped): a sync would not run now; blocked by battery")
        let battery = try #require(lines.first { $0.hasPrefix("✗ battery") })
        #expect(battery.contains("on battery, 23%"))
        #expect(battery.contains("required: AC or >= 40%"))
        #expect(battery.contains("(on battery at 23%, below 40%)"))
        #expect(lines.contains { $0.hasPrefix("✓ min_gap") })
        #expect(lines.contains { $0.hasPrefix("next check: ") })
        #expect(lines.last == "history: the daemon has recorded no ticks yet")
    }

    @Test func aPolicyFileWithAnErrorExitsOneWithFileLineColumn() throws {
        let fixture = try CLIFixture()
        try fixture.write("mine.yaml", "name: mine\nbattery: { min_percent: 140 }\n")
        let result = try fixture.run("why-not", "--policy", fixture.root + "/mine.yaml")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "musicdiff: \(fixture.root)/mine.yaml:2:25: battery.min_percent must be between 0 and 100, not 140\n"
        )
    }

    @Test func aUserPolicyByNameIsUsed() throws {
        let fixture = try CLIFixture()
        try fixture.write("home/policies/quiet.yaml", "load: { max_per_core: 0.1 }\n")
        let json = try fixture.whyNotJSON("--policy", "quiet")
        #expect(json["policy"] as? String == "quiet")
        #expect(json["would_sync"] as? Bool == false)
        #expect((json["rules"] as? [Any])?.count == 1)
    }

    @Test(arguments: [
        ["why-not", "--bogus"], ["why-not", "--history", "x"], ["frobnicate"], ["policy", "check"],
        ["help", "nonexistent"], ["help", "policy", "nope"],
    ])
    func badFlagsAreOneLineErrorsWithExitOne(arguments: [String]) throws {
        let result = try CLIFixture().runner.run(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("musicdiff: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func helpForACommandThatExistsExitsZero() throws {
        let result = try CLIFixture().run("help", "policy", "check")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: Check policies, by name or file"))
    }

    @Test func helpExitsZero() throws {
        let result = try CLIFixture().run("why-not", "--help")
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: musicdiff why-not"))
    }
}
