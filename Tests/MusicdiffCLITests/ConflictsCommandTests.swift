import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `musicdiff conflicts`, from the built binary: the conflicts the jobs of real manual syncs
/// reported, and the hint that sends the user there.
@Suite struct ConflictsCommandTests {
    @Test func theCommandListsWhatTheLastReportListsWithWhenEachWasFirstReported() throws {
        let fixture = try DaemonFixture()
        let job = try fixture.script(
            "conflicts.sh",
            "printf '{\"changes_applied\": 1, \"failed_changes\": 0, \"conflicts\": %s}\\n'"
                + " \"$(cat '\(fixture.cli.root)/conflicts.json')\""
        )
        try fixture.config(command: [job])
        #expect(
            try fixture.run("conflicts").stdout == "No conflicts: no sync has reported on conflicts yet.\n"
        )
        func report(_ ids: [String]) throws {
            let list = ids.map { "{\"entity_type\": \"track\", \"entity_id\": \"\($0)\"}" }
            try fixture.cli.write("conflicts.json", "[\(list.joined(separator: ", "))]")
            let sync = try fixture.run("sync", "--force")
            #expect(sync.status == 0, "\(sync.stderr)")
        }
        try report(["42"])
        try report(["42", "43"])
        let text = try fixture.run("conflicts")
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(text.stdout)")
        #expect(lines.first?.hasPrefix("2 conflicts to resolve, as the last sync's report (") == true)
        #expect(
            lines.dropFirst().map { $0.hasPrefix("  track: 4") && $0.contains("  first reported ") } == [
                true, true,
            ]
        )

        let json = try fixture.run("conflicts", "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let conflicts = try #require(object["conflicts"] as? [[String: Any]])
        #expect(conflicts.map { $0["entity_id"] as? String } == ["42", "43"])
        let ends = fixture.runs.compactMap(\.endedAt).map(ISO8601.utc)
        #expect(ends.count == 2)
        #expect(
            conflicts.map { $0["first_reported"] as? String } == [ends.last, ends.first],
            "42 since the older run, 43 since the newer"
        )
        #expect(object["last_report"] as? String == ends.first)

        try report([])
        #expect(try fixture.run("conflicts").stdout.hasPrefix("No conflicts to resolve"))
    }
}
