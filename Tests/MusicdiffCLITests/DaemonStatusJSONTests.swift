import Foundation
import Testing

/// `daemon status --json` from the built binary: the planning keys `why-not --json` has
/// (`predicted`, `early`, `paused`), null when there is none, and the status's own.
@Suite struct DaemonStatusJSONTests {
    /// Runs `daemon status --json`: its exit status and the parsed object.
    static func status(_ fixture: DaemonFixture) throws -> (Int32, [String: Any]) {
        let result = try fixture.run("daemon", "status", "--json")
        let data = Data(result.stdout.utf8)
        let object = try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any],
            "\(result.stdout)\(result.stderr)"
        )
        return (result.status, object)
    }

    @Test func noDaemonSaysSoWithEachPlanningKeyNullAndAPauseKeptInTheStore() throws {
        let fixture = try DaemonFixture()
        let (status, object) = try Self.status(fixture)
        #expect(status == 1, "exit 1 when no daemon runs, as without --json")
        #expect(object["running"] as? Bool == false && object["pid"] is NSNull, "\(object)")
        for key in ["predicted", "early", "paused", "next_due", "blocked_by"] {
            #expect(object[key] is NSNull, "\(key): \(object[key] ?? "missing")")
        }
        #expect(try fixture.run("pause", "2h").status == 0)
        let paused = try Self.status(fixture).1["paused"] as? [String: Any]
        #expect(paused?["until"] is String, "\(paused ?? [:])")
    }

    @Test func aRunningSmartDaemonHasThePredictedWindowOfItsPolicy() throws {
        let fixture = try DaemonFixture()
        try fixture.config(
            command: [try fixture.countingScript()],
            daemon: "  smart: true\n  policy: laptop\n"
        )
        try fixture.cli.simulateHistory(days: 14)
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the prediction for the daemon's policy") {
            try Self.status(fixture).1["predicted"] is [String: Any]
        }
        let (status, object) = try Self.status(fixture)
        #expect(status == 0)
        #expect(object["running"] as? Bool == true && object["pid"] is Int, "\(object)")
        #expect((object["mode"] as? String)?.hasPrefix("smart") == true, "\(object)")
        let predicted = try #require(object["predicted"] as? [String: Any])
        let (days, of) = (predicted["days"] as? Int ?? 0, predicted["of"] as? Int ?? 0)
        #expect(predicted["from"] is String && predicted["to"] is String, "\(predicted)")
        #expect(of >= 3 && days * 2 >= of && days <= of, "\(predicted)")
        #expect(object["early"] is NSNull, "laptop has no early: key")
        #expect(object["paused"] is NSNull)
        let text = try fixture.run("daemon", "status").stdout
        #expect(
            text.contains("usually possible ") && text.contains("(on \(days) of the last \(of) "),
            "\(text)"
        )
    }
}
