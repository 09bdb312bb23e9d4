import Foundation
import MusicdiffCore

/// `musicdiff history`: the grid as text (a row per day, a letter or colour per half hour, a
/// legend) or as JSON (the same cells as objects).
package struct HistoryReport: Sendable {
    /// The grid.
    package var grid: HistoryGrid
    /// The days' time zone.
    package var timeZone: TimeZone
    /// The policies the daemon decided under, for the title.
    package var policies: [String]
    /// How many damaged rows of the store were skipped.
    package var damagedRows = 0
    /// What the reader should know of how the store was read (``RecordedHistory/notes``).
    package var notes: [String] = []
    /// Where the days shown end, for the title: now (the daemon runs), or the newest record.
    package var end: (at: Date, now: Bool)?

    /// Creates a report.
    package init(grid: HistoryGrid, timeZone: TimeZone, policies: [String]) {
        self.grid = grid
        self.timeZone = timeZone
        self.policies = policies
    }

    /// Whether output to standard output may be coloured: a terminal, no `NO_COLOR`, not `TERM=dumb`.
    package static func colourWanted(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        Terminal.colourWanted(environment: environment)
    }

    /// The SGR colour of a cell's letter (``Palette``).
    static func colour(_ cell: HistoryCell) -> String? { Palette.code(cell) }

    /// `Mon 23`, for a row.
    func dayLabel(_ date: Date) -> String { Self.dayLabel(date, timeZone) }

    /// `Mon 23`: the local weekday and day of `date` in `timeZone`.
    static func dayLabel(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][
            calendar.component(.weekday, from: date) - 1
        ]
        let day = calendar.component(.day, from: date)
        return "\(weekday) \(day < 10 ? " " : "")\(day)"
    }

    /// `2026-11-23`, for JSON.
    func isoDay(_ date: Date) -> String { Self.day(date, timeZone) }

    /// `2026-11-23`: the local day of `date` in `timeZone`.
    static func day(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
