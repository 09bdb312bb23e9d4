import Logging
import Testing

@testable import MusicdiffDaemon

@Suite struct SyncLogLinesTests {
    @Test(arguments: [
        (
            SyncResult(outcome: .success, changesApplied: 12),
            [SyncLogLine(.info, "Sync completed: 12 changes")]
        ),
        (SyncResult(outcome: .success), [SyncLogLine(.info, "Sync completed")]),
        (
            SyncResult(outcome: .partial, changesApplied: 10, failedChanges: 2),
            [SyncLogLine(.warning, "Sync partial: 10 changes, 2 failed")]
        ),
        (
            SyncResult(
                outcome: .success,
                changesApplied: 3,
                conflicts: [
                    .init(entityType: "track", entityId: "1"), .init(entityType: "track", entityId: "2"),
                ]
            ),
            [
                SyncLogLine(.info, "Sync completed: 3 changes"),
                SyncLogLine(.warning, "2 conflicts detected (run 'musicdiff conflicts')"),
            ]
        ),
        (
            SyncResult(outcome: .failed, exitStatus: 2, message: "connecting\nconnection refused"),
            [SyncLogLine(.error, "Sync failed: exit status 2: connection refused")]
        ),
        (
            SyncResult(outcome: .crashed, exitStatus: 9),
            [SyncLogLine(.error, "Sync failed: killed by signal 9 (SIGKILL)")]
        ),
        (SyncResult(outcome: .timedOut), [SyncLogLine(.error, "Sync failed: timed out")]),
        (SyncResult(outcome: .interrupted), [SyncLogLine(.info, "Sync stopped before it finished")]),
        (
            SyncResult(outcome: .notStarted, message: "the sync command /x does not exist"),
            [SyncLogLine(.error, "Sync failed: could not start: the sync command /x does not exist")]
        ),
        (
            SyncResult(outcome: .success, message: "ignored the job's last stdout line"),
            [
                SyncLogLine(.info, "Sync completed"),
                SyncLogLine(.warning, "Sync summary: ignored the job's last stdout line"),
            ]
        ),
    ])
    func linesReadAsTheOriginalDesigns(result: SyncResult, lines: [SyncLogLine]) {
        #expect(SyncLogLines.lines(for: result) == lines)
    }

    @Test func metadataCarriesTheFiguresUnderDottedKeys() {
        let result = SyncResult(
            outcome: .partial,
            exitStatus: 0,
            changesApplied: 4,
            failedChanges: 1,
            conflicts: [.init(entityType: "track", entityId: "1")]
        )
        #expect(
            SyncLogLines.metadata(for: result) == [
                "sync.outcome": "partial", "sync.changes": "4", "sync.failed": "1", "sync.conflicts": "1",
                "sync.exit_status": "0",
            ]
        )
    }

    @Test func aVeryLongLastLineIsShortened() {
        let result = SyncResult(
            outcome: .failed,
            exitStatus: 1,
            message: String(repeating: "x", count: 1_000)
        )
        #expect(SyncLogLines.reason(for: result).count == "exit status 1: ".count + 300)
    }
}

@Suite struct CountedWordsTests {
    @Test func oneIsSingularAndTheRestPlural() {
        #expect(
            SyncLogLines.lines(
                for: SyncResult(
                    outcome: .success,
                    changesApplied: 1,
                    conflicts: [.init(entityType: "track", entityId: "1")]
                )
            ).map(\.message) == [
                "Sync completed: 1 change", "1 conflict detected (run 'musicdiff conflicts')",
            ]
        )
        #expect(
            SyncLogLines.lines(for: SyncResult(outcome: .partial, changesApplied: 0, failedChanges: 2)).map(
                \.message
            )
                == ["Sync partial: 0 changes, 2 failed"]
        )
    }
}

/// Outcomes as people read them in `daemon status` and `why-not` (issue 25, item 13).
@Suite struct OutcomeWordsTests {
    @Test(arguments: SyncRun.Outcome.allCases)
    func noOutcomeShowsItsStoreName(_ outcome: SyncRun.Outcome) {
        #expect(!outcome.words.contains("_"))
        #expect(outcome.words.first?.isLowercase == true)
    }

    @Test func aRunThatCouldNotStartSaysSo() {
        #expect(SyncRun.Outcome.notStarted.words == "could not start")
        #expect(SyncRun.Outcome.timedOut.words == "timed out")
    }
}
