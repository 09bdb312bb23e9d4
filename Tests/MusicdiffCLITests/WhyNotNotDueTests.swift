import Foundation
import MusicdiffDaemon
import Testing

/// `why-not` when nothing is due: it names the next due time and blames no rule for a sync
/// that nobody asked for (issue 21's newcomer finding: it said `blocked by min_gap … next
/// check 09:05, when min_gap allows` while the next due time was the next day).
@Suite struct WhyNotNotDueTests {
    @Test func afterASyncWhyNotNamesTheDueTimeAndBlamesNoRule() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 1d\n")
        try fixture.cli.write("home/policies/gap.yaml", "min_gap: 6h\n")
        #expect(try fixture.run("daemon", "--smart", "--policy", "gap").status == 0)
        try fixture.waitFor("the first sync to end") { fixture.runs.first?.endedAt != nil }
        let text = try fixture.run("why-not")
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let headline = try #require(lines.first { $0.hasPrefix("gap (") }, "\(text.stdout)")
        #expect(headline.contains("not due until "), "\(headline)")
        #expect(headline.contains("(in 23h 59m)") || headline.contains("(in 1d)"), "\(headline)")
        #expect(headline.contains("were it due now, min_gap would hold it"), "\(headline)")
        #expect(!headline.contains("blocked by"), "\(headline)")
        let next = try #require(lines.first { $0.hasPrefix("next check: ") })
        #expect(next.hasSuffix("when the sync falls due"), "\(next)")

        let json = try fixture.run("why-not", "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let due = try #require(object["not_due_until"] as? String)
        #expect(object["next_check"] as? String == due)
        let end = try #require(fixture.runs.first?.endedAt)
        let dueDate = try #require(ISO8601DateFormatter().date(from: due))
        #expect(abs(dueDate.timeIntervalSince(end) - 86_400) < 2, "the interval counts from the run's end")
    }

    /// A policy file's `early` key reaches the running daemon and why-not: the line says from
    /// when a sync may start before its due time, and `--json` has it 2 h before the due time
    /// (`daemon status --json` too).
    @Test func aPolicyFilesEarlyKeyShowsInWhyNotAndDaemonStatus() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 1d\n")
        try fixture.cli.write("home/policies/ahead.yaml", "min_gap: 6h\nearly: 2h\n")
        #expect(try fixture.run("daemon", "--smart", "--policy", "ahead").status == 0)
        try fixture.waitFor("the first sync to end") { fixture.runs.first?.endedAt != nil }
        let text = try fixture.run("why-not")
        #expect(text.status == 0, "\(text.stderr)")
        let early = text.stdout.split(separator: "\n").first { $0.hasPrefix("early start possible from ") }
        #expect(early?.hasSuffix(" (every rule must hold)") == true, "\(text.stdout)")
        let status = try fixture.run("daemon", "status")
        #expect(status.stdout.contains(String(early ?? "none")), "\(status.stdout)")

        let json = try fixture.run("why-not", "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let due = try #require(
            (object["not_due_until"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        )
        let from = try #require(
            ((object["early"] as? [String: Any])?["from"] as? String).flatMap {
                ISO8601DateFormatter().date(from: $0)
            }
        )
        #expect(due.timeIntervalSince(from) == 7200)
        let statusJSON = try fixture.run("daemon", "status", "--json")
        let statusObject =
            try JSONSerialization.jsonObject(with: Data(statusJSON.stdout.utf8)) as? [String: Any]
        #expect(
            (statusObject?["early"] as? [String: Any])?["from"] as? String
                == (object["early"] as? [String: Any])?["from"] as? String,
            "daemon status --json has the same early window: \(statusJSON.stdout)"
        )
    }

    /// The early window opens no sooner than half-way from the last run's start to the due time
    /// (the daemon's rule, so that an early run is not followed at once by another): why-not
    /// and daemon status say the daemon's time, not the due time less `early`.
    @Test func theEarlyWindowShownIsTheDaemons() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 1h\n")
        try fixture.cli.write("home/policies/ahead.yaml", "early: 45m\n")
        #expect(try fixture.run("daemon", "--smart", "--policy", "ahead").status == 0)
        try fixture.waitFor("the first sync to end") { fixture.runs.first?.endedAt != nil }
        let started = try #require(fixture.runs.first?.startedAt)
        let dates = { (object: [String: Any]?, key: String) in
            ((object?["early"] as? [String: Any])?[key] as? String).flatMap {
                ISO8601DateFormatter().date(from: $0)
            }
        }
        let json = try fixture.run("why-not", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let due = try #require(
            (object?["not_due_until"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) },
            "\(json.stdout)"
        )
        let from = try #require(dates(object, "from"), "\(json.stdout)")
        let halfway = started.addingTimeInterval(due.timeIntervalSince(started) / 2)
        #expect(abs(from.timeIntervalSince(halfway)) < 2, "from \(from), half-way \(halfway)")
        #expect(due.timeIntervalSince(from) < 45 * 60 - 60, "not the due time less early: \(from)")
        let status = try fixture.run("daemon", "status", "--json")
        let statusObject = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(dates(statusObject, "from") == from, "\(status.stdout)")
    }
}
