import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// `why-not` on a policy with a deferral ladder and a deadline, and what-if questions, as a
/// user runs them: the built binary, fixture `/proc` and `/sys`, a state store the daemon left.
@Suite struct WhyNotLadderTests {
    static let policy = """
        min_gap: 6h
        network: { require: unmetered }
        battery: { min_percent: 40 }
        relax:
          - after: 24h
            network: { require: online }
          - after: 36h
            battery: { min_percent: 20 }
        max_deferral: 48h

        """

    /// A fixture on battery at 23 % whose daemon recorded the schedule `state`.
    func fixture(_ state: ScheduleState?) throws -> CLIFixture {
        let fixture = try CLIFixture()
        try fixture.power(ac: false, percent: 23)
        try fixture.write("home/policies/ladder.yaml", Self.policy)
        if let state { try StateStore.open(path: fixture.home + "/state.sqlite").saveScheduleState(state) }
        return fixture
    }

    @Test func theStepInForceTheNextStepAndTheDeadlineAreShown() throws {
        let now = Date()
        let due = now.addingTimeInterval(-25 * 3600)
        let fixture = try fixture(ScheduleState(nextDue: due, dueSince: due))
        let result = try fixture.run("why-not", "--policy", "ladder")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "relax: the step at 24h is in force (overdue 1d 1h): network: { require: online }"
                )
            }
        )
        #expect(
            lines.contains {
                $0.hasPrefix("next step: at 36h overdue, ")
                    && $0.hasSuffix("battery: { on_battery: allow, min_percent: 20 }")
            },
            "\(lines)"
        )
        let deadline = due.addingTimeInterval(48 * 3600)
        let day = Self.format(deadline, "EEE HH:mm")
        #expect(lines.contains("sync by: \(day) at the latest (max_deferral 48h)"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("✗ battery                           on battery, 23%") })
        #expect(lines.contains { $0.hasPrefix("? network (relaxed at 24h: online)") })

        let json = try fixture.whyNotJSON("--policy", "ladder")
        #expect((json["step"] as? [String: Any])?["after"] as? String == "24h")
        #expect((json["next_step"] as? [String: Any])?["after"] as? String == "36h")
        #expect(json["deadline"] as? String == ISO8601.utc(deadline))
        #expect((json.rule("network")?["step"] as? [String: Any])?["after"] as? String == "24h")
        #expect(json.rule("battery")?["step"] is NSNull)
        #expect((json["assumed"] as? [String: Any])?.isEmpty == true)
    }

    @Test func beforeTheFirstStepTheNextOneIsNamed() throws {
        let due = Date().addingTimeInterval(-3 * 3600)
        let lines = try fixture(ScheduleState(nextDue: due, dueSince: due)).run(
            "why-not",
            "--policy",
            "ladder"
        )
        .stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains("relax: no step in force yet (overdue 3h); the policy's own rules judge"),
            "\(lines)"
        )
        #expect(lines.contains { $0.hasPrefix("next step: at 24h overdue, ") && $0.contains(" (in 20h 59m") })
        #expect(lines.contains { $0.hasPrefix("✗ battery  on battery, 23%") })
    }

    @Test func atTenTonightOnACItWouldSyncAndTheAssumedReadingIsMarked() throws {
        let fixture = try fixture(nil)
        let result = try fixture.run("why-not", "--policy", "ladder", "--at", "22:00", "--assume", "ac=on")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("what if: at ") == true
                && lines.first?.hasSuffix(" 22:00:00, ac=on") == true
        )
        #expect(lines.contains { $0.hasPrefix("✓ battery  on AC, 23% (assumed)") }, "\(lines)")
        let json = try fixture.whyNotJSON(
            "--policy",
            "ladder",
            "--at",
            "22:00",
            "--assume",
            "ac=on",
            "network=unmetered"
        )
        #expect(json["would_sync"] as? Bool == true)
        #expect((json["evaluated_at"] as? String)?.hasSuffix("T22:00:00Z") == true)
        #expect(json["assumed"] as? [String: String] == ["ac": "on", "network": "unmetered"])
        #expect(
            json.rule("network")?["observed"] as? String == "metered=no, Wi-Fi, connectivity full (assumed)"
        )
    }

    @Test func atCountsTheLadderFromTheDaemonsDueTime() throws {
        let now = Date()
        let fixture = try fixture(ScheduleState(nextDue: now.addingTimeInterval(3600)))
        let at = ISO8601.utc(now.addingTimeInterval(3600 + 37 * 3600))
        let json = try fixture.whyNotJSON("--policy", "ladder", "--at", at, "--assume", "network=metered")
        #expect(
            (json["step"] as? [String: Any])?["after"] as? String == "36h",
            "due in an hour, 37h overdue then"
        )
        #expect(json["would_sync"] as? Bool == true, "online and 23 % meet the relaxed rules")
        let early = try fixture.run(
            "why-not",
            "--policy",
            "ladder",
            "--at",
            ISO8601.utc(now.addingTimeInterval(1800))
        )
        #expect(early.stdout.contains("no sync is due then (next due "), "\(early.stdout)")
    }

    @Test(arguments: [
        (
            ["--assume", "bogus=1"],
            "musicdiff: --assume \"bogus=1\": unknown key \"bogus\"; accepted: \(Assumption.forms)"
        ),
        (
            ["--assume", "battery=lots"],
            "musicdiff: --assume \"battery=lots\": battery is a charge from 0 to 100, like battery=30; accepted: \(Assumption.forms)"
        ),
        (["--assume", "ac=on", "ac=off"], "musicdiff: --assume names ac twice; give it once"),
        (["--at", "25:00"], "musicdiff: --at \"25:00\" is not a time of day (try 22:00)"),
        (
            ["--at", "tonight"],
            "musicdiff: --at \"tonight\" is neither HH:MM nor an ISO 8601 time (try 22:00 or 2026-11-29T22:00)"
        ),
    ])
    func badWhatIfInputIsAOneLineError(arguments: [String], message: String) throws {
        let result = try fixture(nil).runner.run(["why-not", "--policy", "ladder"] + arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == message + "\n")
    }

    static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
