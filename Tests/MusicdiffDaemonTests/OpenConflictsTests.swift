import Foundation
import Testing

@testable import MusicdiffDaemon

/// Which conflicts `musicdiff conflicts` lists, and since when, from hand-made runs.
@Suite struct OpenConflictsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A run ended `hour` hours after ``start`` that reported `ids` (nil: no summary).
    static func run(_ hour: Double, _ ids: [String]?) -> SyncRun {
        let at = start.addingTimeInterval(hour * 3600)
        return SyncRun(
            startedAt: at.addingTimeInterval(-60),
            endedAt: at,
            trigger: .daemon,
            outcome: ids == nil ? .failed : .success,
            changesApplied: ids == nil ? nil : 1,
            failedChanges: ids == nil ? nil : 0,
            conflicts: (ids ?? []).map { SyncRun.Conflict(entityType: "track", entityId: $0) }
        )
    }

    static func at(_ hour: Double) -> Date { start.addingTimeInterval(hour * 3600) }

    @Test func aConflictIsOpenSinceTheFirstOfTheUnbrokenReportsThatListIt() {
        // Newest first: 42 listed at 1, absent at 2 (resolved), back at 3 and 5; 43 since 5.
        let open = OpenConflicts(runs: [
            Self.run(6, nil), Self.run(5, ["42", "43"]), Self.run(3, ["42"]), Self.run(2, []),
            Self.run(1, ["42"]),
        ])
        #expect(open.lastReport == Self.at(5))
        #expect(open.entries.map(\.conflict.entityId) == ["42", "43"])
        #expect(open.entries.map(\.firstReported) == [Self.at(3), Self.at(5)])
        #expect(open.entries.map(\.lastReported) == [Self.at(5), Self.at(5)])
    }

    @Test func aReportListingNoneResolvesEveryConflict() {
        let open = OpenConflicts(runs: [Self.run(2, []), Self.run(1, ["42"])])
        #expect(open.entries.isEmpty)
        #expect(open.lastReport == Self.at(2))
    }

    @Test func noReportMeansNoneKnown() {
        #expect(OpenConflicts(runs: [Self.run(1, nil)]) == OpenConflicts(runs: []))
        #expect(OpenConflicts(runs: []).lastReport == nil)
    }

    @Test func theTextNamesEachConflictAndWhenItWasFirstReported() {
        let open = OpenConflicts(runs: [Self.run(5, ["42", "a long one"]), Self.run(3, ["42"])])
        let utc = TimeZone(identifier: "UTC")!
        let report = ConflictsReport(open: open, now: Self.at(6), timeZone: utc)
        let (three, five) = ("11:00", "13:00")
        #expect(
            report.text() == """
                2 conflicts to resolve, as the last sync's report (\(five)) listed them:
                  track: 42          first reported \(three)
                  track: a long one  first reported \(five)

                """
        )
        let empty = ConflictsReport(
            open: OpenConflicts(runs: [Self.run(1, [])]),
            now: Self.at(2),
            timeZone: utc
        )
        #expect(empty.text().hasPrefix("No conflicts to resolve (the last sync's report, "))
        #expect(
            ConflictsReport(open: OpenConflicts(runs: []), now: Self.at(2)).json()
                == #"{"conflicts":[],"last_report":null}"# + "\n"
        )
    }
}
