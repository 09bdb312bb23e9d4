import Foundation
import Testing

/// `why-not --json` always carries `early`, `paused`, `overdue` and `predicted`: null when
/// there is none, an object when there is (`early`'s object: WhyNotNotDueTests).
@Suite struct WhyNotPlanningJSONTests {
    static let keys = ["early", "paused", "overdue", "predicted"]

    @Test func withNothingToSayEachIsNull() throws {
        let object = try CLIFixture().whyNotJSON("--policy", "laptop", "--history", "0")
        for key in Self.keys {
            #expect(object[key] is NSNull, "\(key): \(object[key] ?? "missing")")
        }
    }

    @Test func aPauseAnOverdueSyncAndTwoRecordedWeeksEachShow() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "home/config.yaml",
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  notify_overdue: 1h\n"
        )
        try fixture.simulateHistory(days: 14)
        let pause = try fixture.run("pause", "2h")
        #expect(pause.status == 0, "\(pause.stderr)")
        let object = try fixture.whyNotJSON("--policy", "laptop", "--history", "0")
        #expect((object["paused"] as? [String: Any])?["until"] is String, "\(object["paused"] ?? "")")
        #expect((object["predicted"] as? [String: Any])?["from"] is String, "\(object["predicted"] ?? "")")
        let overdue = try #require(object["overdue"] as? [String: Any], "\(object["overdue"] ?? "")")
        let text = try #require(overdue["text"] as? String)
        #expect(text.hasPrefix("No sync has succeeded for "), "\(text)")
        #expect(text.hasSuffix("Run 'musicdiff why-not' to see more."), "\(text)")
        #expect(object["early"] is NSNull, "the simulated sync is due: no early window")
        let lines = try fixture.run("why-not", "--policy", "laptop", "--history", "0").stdout
        #expect(lines.split(separator: "\n").contains { $0 == text }, "the text says the same:\n\(lines)")
    }

    @Test func aDaemonOutOfSmartModeHasThemToo() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()], daemon: "  interval: 1d\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync to end") { fixture.runs.first?.endedAt != nil }
        let object = try fixture.cli.whyNotJSON()
        #expect(object["policy"] is NSNull)
        for key in Self.keys {
            #expect(object[key] is NSNull, "\(key): \(object[key] ?? "missing")")
        }
    }
}
