import Foundation
import Testing

@testable import MusicdiffCore

/// The history grid of the recorded fixture week (``FixtureWeek``): a sync every 6 hours when
/// the laptop's owner is away, held by `idle` in the evening, the daemon down on Wednesday
/// from 09:00 to 21:00, and Friday's early sync stopped two minutes in.
@Suite struct HistoryGridTests {
    @Test func theWeekReadsAtAGlance() {
        //                      0     3     6     9     12    15    18    21
        #expect(
            FixtureWeek.rows == [
                "S...........S............S...........iiiiiiiiiS.",
                "...........S...........iS............iiiiiiiiiS.",
                "...........S......------------------------iiiiS.",
                "...........S...........iS............iiiiiiiiiS.",
                "..........XS...........iS............iiiiiiiiiS.",
                "...........S...........iS............iiiiiiiiiS.",
                "...........S...........iS............iiiiiiiiiS.",
            ]
        )
    }

    @Test func theDaemonDownDayIsDownFromNineToNine() {
        let wednesday = FixtureWeek.grid.days[2]
        #expect(wednesday.cells[18..<42].allSatisfy { $0 == .down })
        #expect(wednesday.cells[17] == .notDue && wednesday.cells[42] == .blocked(rule: "idle"))
        #expect(wednesday.syncs == 2)
        #expect(
            wednesday.longestWait == .seconds(2 * 3600 + 10 * 60),
            "due at 11:30 while the daemon was down (09:00 to 21:00), synced at 23:10: the wait counts from 21:00"
        )
    }

    @Test func theStoppedSyncShowsAndDoesNotCount() {
        let friday = FixtureWeek.grid.days[4]
        #expect(friday.cells[10] == .stopped && friday.cells[11] == .synced)
        #expect(friday.syncs == 3)
    }

    @Test func eachDayCountsItsSyncsAndLongestWait() {
        let days = FixtureWeek.grid.days
        #expect(days.map(\.syncs) == [4, 3, 2, 3, 3, 3, 3])
        #expect(days.map(\.longestWait) == [280, 290, 130, 290, 290, 290, 290].map { .seconds($0 * 60) })
        #expect(days.first?.start == FixtureWeek.monday)
    }

    @Test func cellsAfterNowAreFutureAndAGoneDaemonIsDownAfterItsLastMoment() {
        let tuesday = FixtureWeek.monday.addingTimeInterval(86_400)
        let moments = FixtureWeek.recorded.moments.filter { $0.at < tuesday.addingTimeInterval(12 * 3600) }
        let grid = HistoryGrid.build(
            moments: moments,
            runs: [],
            days: 2,
            now: tuesday.addingTimeInterval(13 * 3600),
            timeZone: FixtureWeek.utc,
            daemonRunning: false
        )
        let cells = grid.days[1].cells
        #expect(cells[23] == .blocked(rule: "idle"), "due from 11:30, the user at the keyboard")
        #expect(cells[24] == .down && cells[25] == .down, "nothing known after the last moment, 11:59")
        #expect(cells[26...].allSatisfy { $0 == .future })
    }

    @Test func noHistoryIsAllDown() {
        let grid = HistoryGrid.build(
            moments: [],
            runs: [],
            days: 1,
            now: FixtureWeek.monday.addingTimeInterval(86_399),
            timeZone: FixtureWeek.utc,
            daemonRunning: false
        )
        #expect(grid.days.first?.cells.allSatisfy { $0 == .down } == true)
    }
}
