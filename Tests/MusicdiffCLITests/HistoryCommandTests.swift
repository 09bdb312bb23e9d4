import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// `musicdiff history` and `replay` as a user runs them: on a store recorded by the hidden
/// `simulate-history` (the scripted laptop week, through the store's recording code), on a
/// copy read-only, and on the history a real daemon run leaves.
@Suite struct HistoryCommandTests {
    /// The rows the core draws of the simulated week (HistoryGridTests checks them cell by
    /// cell); a copied store's history ends at its last moment, so the last cell has not begun.
    static func week(endingAt midnight: Date) -> [String] {
        let utc = TimeZone(identifier: "UTC")!
        let start = midnight.addingTimeInterval(-7 * 86_400)
        let plan = SchedulePlan(schedule: .interval(.seconds(6 * 3600)), timeZone: utc)
        let (moments, runs) = HistorySimulator.laptop(
            policy: ShippedPolicies.policy(named: "laptop")!,
            plan: plan,
            start: start,
            days: 7
        ).run(from: start, to: midnight)
        let grid = HistoryGrid.build(
            moments: moments,
            runs: runs,
            days: 7,
            now: moments.last!.at.addingTimeInterval(1),
            timeZone: utc,
            daemonRunning: false
        )
        return grid.days.map { String($0.cells.map(\.letter)) }
    }

    /// A store holding the simulated week, made by the binary.
    static func recordedWeek(_ fixture: CLIFixture) throws -> String {
        let store = fixture.root + "/theirs.sqlite"
        let made = try fixture.run("simulate-history", "--store", store, "--days", "7")
        #expect(made.status == 0, "\(made.stderr)")
        return store
    }

    @Test func theWeekIsPlainLettersIn80ColumnsWithoutATerminal() throws {
        let fixture = try CLIFixture()
        let store = try Self.recordedWeek(fixture)
        let result = try fixture.run("history", "--days", "7", "--store", store)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("7 days, ") == true)
        #expect(lines.first?.hasSuffix(" (the last record), policy laptop") == true)
        #expect(lines[1].hasPrefix("        0     3     6     9     12    15    18    21"))
        let rows = lines[2..<9].map { String($0.dropFirst(8).prefix(48)) }
        let midnight = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        #expect(rows == Self.week(endingAt: Date(timeIntervalSince1970: midnight)))
        #expect(rows[2].contains(String(repeating: "-", count: 24)), "the day the daemon was down")
        #expect(rows[4].contains("XS"), "the sync stopped mid-run, then run again")
        #expect(lines[2].hasSuffix("  4 syncs, wait 4h 40m"))
        #expect(
            lines[4].hasSuffix("  2 syncs, wait 2h 10m"),
            "the day the daemon was down: its hours are no wait"
        )
        #expect(lines[9].hasPrefix("S synced  X stopped  F failed"))
        #expect(lines[10].hasPrefix("blocked by: g min_gap  w window  i idle  n network"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "80 columns")
        #expect(!result.stdout.contains("\u{1B}"), "no escape codes")
    }

    @Test func theJSONGivesTheCells() throws {
        let fixture = try CLIFixture()
        let store = try Self.recordedWeek(fixture)
        let result = try fixture.run("history", "--days", "7", "--store", store, "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        )
        let days = try #require(object["days"] as? [[String: Any]])
        #expect(days.count == 7)
        let wednesday = try #require(days[2]["cells"] as? [[String: Any]])
        #expect(wednesday.count == 48)
        #expect(wednesday[18]["state"] as? String == "daemon_down")
        #expect(wednesday[42]["state"] as? String == "blocked" && wednesday[42]["rule"] as? String == "idle")
        let friday = try #require(days[4]["cells"] as? [[String: Any]])
        #expect(friday[10]["state"] as? String == "stopped")
        #expect(days[2]["longest_wait_seconds"] as? Int == 7_800)
    }

    /// A store two days old, replayed over the default seven days, says two.
    @Test func replayOfAShortHistorySaysTheDaysRecorded() throws {
        let fixture = try CLIFixture()
        let store = fixture.root + "/short.sqlite"
        #expect(try fixture.run("simulate-history", "--store", store, "--days", "2").status == 0)
        let result = try fixture.run("replay", "--policy", "laptop", "--store", store)
        let first = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("2 days from "), "\(result.stdout)")
        #expect(first.contains("(of the 7 asked: none recorded before)"), "\(first)")
        let week = try fixture.run("replay", "--policy", "laptop", "--store", store, "--days", "2")
        #expect(week.stdout.hasPrefix("2 days from ") && !week.stdout.contains("asked"), "\(week.stdout)")
    }

    @Test func replayOnACopiedStoreLeavesItAsItWas() throws {
        let fixture = try CLIFixture()
        let store = try Self.recordedWeek(fixture)
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let result = try fixture.run("replay", "--policy", "conservative", "--days", "7", "--store", store)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(" 2115 recorded moments, schedule every 6h"))
        #expect(lines[1] == "                  recorded (laptop)         replayed (conservative)")
        // A night each, and Friday's restart after the hotspot stopped its sync.
        #expect(lines[2] == "syncs started     22                        7")
        #expect(lines[3] == "  ended           21 synced, 1 stopped      6 synced, 1 stopped")
        #expect(lines[6] == "held longest by   idle (1d 9h)              window (3d 14h)")
        #expect(lines[7] == "the starts differ (22 against 7):")
        #expect(lines[8] == "  ended well: 21 recorded, 6 replayed (the replayed decisions differ)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
        let json = try fixture.run("replay", "--policy", "conservative", "--store", store, "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let replayed = try #require(object["replayed"] as? [String: Any])
        #expect((replayed["syncs"] as? [Any])?.count == 7)
        #expect((replayed["held_longest"] as? [String: Any])?["rule"] as? String == "window")
    }

    @Test func badDaysAndAMissingStoreAreOneLineErrors() throws {
        let fixture = try CLIFixture()
        let zero = try fixture.run("history", "--days", "0")
        #expect(zero.status == 1)
        #expect(zero.stderr == "musicdiff: --days must be from 1 to 30 (the store keeps 30 days)\n")
        let none = try fixture.run("replay", "--policy", "laptop")
        #expect(none.status == 1)
        #expect(
            none.stderr.hasPrefix("musicdiff: no history yet: ")
                && none.stderr.hasSuffix("(the daemon has not run)\n")
        )
    }

    @Test func aRealDaemonRunIsDrawn() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()])
        let start = try fixture.run("daemon", "--interval", "3600")
        #expect(start.status == 0, "\(start.stderr)")
        try fixture.waitFor("the first sync", timeout: .seconds(60)) {
            fixture.runs.first?.outcome == .success
        }
        #expect(try fixture.run("daemon", "stop").status == 0)
        try fixture.waitFor("the daemon's stop", timeout: .seconds(60)) { fixture.daemonPid == nil }
        let store = try #require(try StateStore.openForReading(path: fixture.home.stateFile))
        #expect(
            try store.moments(from: .distantPast).map(\.kind) == [
                .daemonStart, .syncStart, .syncEnd, .daemonStop,
            ]
        )
        let json = try fixture.run("history", "--days", "1", "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let cells = try #require((object["days"] as? [[String: Any]])?.first?["cells"] as? [[String: Any]])
        #expect(cells.contains { $0["state"] as? String == "synced" })
        #expect(cells.first?["state"] as? String == "daemon_down" || cells.count == 1)
    }
}
