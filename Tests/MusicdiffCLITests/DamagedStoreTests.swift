import Foundation
import MusicdiffDaemon
import Testing

/// A store whose rows hold what the code never writes (NULL in a NOT NULL column, text where
/// a number goes, a number out of range), as a hand edit, a copy from elsewhere or a damaged
/// disk leave it: `history`, `replay` and `why-not` skip and count such rows, and the daemon
/// survives a failure count it cannot add one to.
@Suite struct DamagedStoreTests {
    /// Runs `statements` on the SQLite file at `path` with Python's sqlite3, after dropping
    /// the tables' NOT NULL constraints (as an older or foreign schema may lack them).
    static func damage(_ path: String, _ statements: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments =
            [
                "-c",
                """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1], isolation_level=None)
                db.execute("PRAGMA writable_schema = ON")
                db.execute("UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE type = 'table'")
                db.close()
                db = sqlite3.connect(sys.argv[1], isolation_level=None)
                for statement in sys.argv[2:]:
                    db.execute(statement)
                db.close()
                """,
                path,
            ] + statements
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the damage was done")
    }

    /// The rows the issue names, one column each, in the middle of the recorded week.
    static let damagedTicks = [
        "UPDATE tick SET at = 'NaN' WHERE id = 1000",
        "UPDATE tick SET failed = NULL WHERE id = 1001",
        "UPDATE tick SET kind = NULL WHERE id = 1002",
        "UPDATE tick SET would_sync = NULL WHERE id = 1003",
        "UPDATE tick SET utc_offset = NULL WHERE id = 1004",
        "UPDATE tick SET utc_offset = 9223372036854775807 WHERE id = 1005",
        "UPDATE tick SET due_since = 'soon' WHERE id = 1006",
        "UPDATE tick SET battery_percent = 1e300, on_battery = 1 WHERE id = 1007",
    ]

    static let damagedRuns = [
        "UPDATE sync_run SET outcome = NULL WHERE id = 3",
        "UPDATE sync_run SET \"trigger\" = NULL WHERE id = 4",
    ]

    /// The simulated week, with the ten rows above damaged.
    static func damagedWeek(_ fixture: CLIFixture) throws -> String {
        let store = try HistoryCommandTests.recordedWeek(fixture)
        try damage(store, damagedTicks + damagedRuns)
        return store
    }

    @Test func historySkipsAndCountsDamagedRows() throws {
        let fixture = try CLIFixture()
        let store = try Self.damagedWeek(fixture)
        let text = try fixture.run("history", "--days", "7", "--store", store)
        #expect(text.status == 0, "\(text.stderr)")
        // The grid reads no readings: the battery's damage is not seen, and not counted.
        #expect(text.stdout.hasSuffix("\n9 damaged rows skipped\n"), "\(text.stdout)")
        let json = try fixture.run("history", "--days", "7", "--store", store, "--json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        #expect(object["damaged_rows"] as? Int == 9)
        #expect((object["days"] as? [Any])?.count == 7)
    }

    @Test func replaySkipsAndCountsDamagedRows() throws {
        let fixture = try CLIFixture()
        let store = try Self.damagedWeek(fixture)
        let text = try fixture.run("replay", "--policy", "conservative", "--days", "7", "--store", store)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasSuffix("\n10 damaged rows skipped\n"), "\(text.stdout)")
        let json = try fixture.run("replay", "--policy", "laptop", "--days", "7", "--store", store, "--json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        #expect(object["damaged_rows"] as? Int == 10)
    }

    @Test func whyNotSkipsAndCountsDamagedTicks() throws {
        let fixture = try CLIFixture()
        let store = try HistoryCommandTests.recordedWeek(fixture)
        try Self.damage(
            store,
            [
                "UPDATE tick SET at = 'NaN' WHERE id = (SELECT MAX(id) FROM tick WHERE kind = 'decision')",
                "UPDATE tick SET would_sync = 'x' WHERE id = (SELECT MAX(id) - 1 FROM tick WHERE kind = 'decision')",
                "UPDATE sync_run SET outcome = NULL WHERE id = (SELECT MAX(id) FROM sync_run)",
            ]
        )
        try FileManager.default.moveItem(atPath: store, toPath: fixture.home + "/state.sqlite")
        let text = try fixture.run("why-not", "--policy", "laptop", "--history", "5")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasSuffix("\nhistory: 2 damaged rows skipped\n"), "\(text.stdout)")
        let json = try fixture.whyNotJSON("--policy", "laptop", "--history", "5")
        #expect(json["damaged_rows"] as? Int == 2)
        #expect((json["history"] as? [Any])?.count == 5)
    }

    @Test func aFailureCountTooLargeToIncrementDoesNotStopTheDaemon() throws {
        let fixture = try DaemonFixture()
        let failing = try fixture.script("fail.sh", "echo broken >&2; exit 3")
        try fixture.config(command: [failing])
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the first failed run") { fixture.log.contains("Next sync in") }
        #expect(try fixture.run("daemon", "stop").status == 0)
        try fixture.waitFor("the daemon's stop") { fixture.daemonPid == nil }
        try Self.damage(
            fixture.home.stateFile,
            [
                "UPDATE daemon_value SET value = '9223372036854775807' WHERE key = 'consecutive_failures'",
                "UPDATE daemon_value SET value = '0' WHERE key = 'next_due'",
            ]
        )
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the second failed run", timeout: .seconds(30)) {
            fixture.runs.filter { $0.outcome == .failed }.count == 2 && fixture.log.count("Next sync in") == 2
        }
        let status = try fixture.run("daemon", "status")
        #expect(status.stdout.hasPrefix("running: pid"), "\(status.stdout)\n\(fixture.log)")
        #expect(try fixture.run("daemon", "stop").status == 0)
    }
}

extension String {
    /// How many times `part` occurs.
    func count(_ part: String) -> Int { components(separatedBy: part).count - 1 }
}
