import Testing

@testable import MusicdiffDaemon

@Suite struct SyncSummaryTests {
    func read(_ text: String) -> SyncSummary.Reading { SyncSummary.read(output: Array(text.utf8)) }

    @Test func theLastNonEmptyLineIsTheSummary() {
        #expect(
            read(
                "{\"changes_applied\": 1}\nprogress\n{\"changes_applied\": 7, \"failed_changes\": 2}\n\n  \n"
            )
                == .summary(SyncSummary(changesApplied: 7, failedChanges: 2))
        )
    }

    @Test(arguments: ["", "\n\n", "done\n", "[1, 2]\n", "{\"changes_applied\": 1}\nall done\n"])
    func outputWithoutASummaryLineHasNone(text: String) {
        #expect(read(text) == .none)
    }

    @Test func everyKeyIsOptionalAndUnknownKeysAreIgnored() {
        #expect(read("{}") == .summary(SyncSummary()))
        #expect(read("{\"duration\": 3.5, \"failed_changes\": null}") == .summary(SyncSummary()))
    }

    @Test func conflictsAreReadAndANumericIdBecomesText() {
        let line =
            #"{"conflicts": [{"entity_type": "track", "entity_id": "a1"}, {"entity_type": "playlist", "entity_id": 9}]}"#
        #expect(
            read(line)
                == .summary(
                    SyncSummary(conflicts: [
                        SyncRun.Conflict(entityType: "track", entityId: "a1"),
                        SyncRun.Conflict(entityType: "playlist", entityId: "9"),
                    ])
                )
        )
    }

    @Test(arguments: [
        ("{\"changes_applied\": 3", "not valid JSON"),
        ("{\"changes_applied\": -1}", "changes_applied is negative (-1)"),
        ("{\"changes_applied\": true}", "changes_applied: expected a whole number"),
        ("{\"failed_changes\": \"x\"}", "failed_changes: expected a whole number or a list"),
        ("{\"conflicts\": [\"track 1\"]}", "conflicts[0]: expected an object"),
        ("{\"conflicts\": [{\"entity_type\": \"track\"}]}", "conflicts[0]: entity_id is missing"),
    ])
    func malformedSummariesSayWhatIsWrong(line: String, why: String) {
        #expect(read(line) == .malformed(why))
    }
}
