import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// The history's text: letters, or the same letters in colour for a terminal.
@Suite struct HistoryReportTests {
    static let midnight = Date(timeIntervalSince1970: 1_795_392_000)
    static let utc = TimeZone(identifier: "UTC")!

    static var report: HistoryReport {
        let moments = [
            RecordedMoment(at: midnight, kind: .daemonStart),
            RecordedMoment(
                at: midnight.addingTimeInterval(3600),
                kind: .decision,
                policy: "laptop",
                failed: ["network"],
                dueSince: midnight.addingTimeInterval(3600)
            ),
        ]
        let grid = HistoryGrid.build(
            moments: moments,
            runs: [],
            days: 1,
            now: midnight.addingTimeInterval(7200),
            timeZone: utc,
            daemonRunning: true
        )
        return HistoryReport(grid: grid, timeZone: utc, policies: ["laptop"])
    }

    @Test func withoutColourTheRowIsLetters() {
        let lines = Self.report.text(colour: false).split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix("Mon 23  ..nn" + String(repeating: " ", count: 44) + "  0 syncs, wait 1h"))
    }

    @Test func inColourEachLetterIsWrappedInItsColour() {
        let text = Self.report.text(colour: true)
        #expect(text.contains("\u{1B}[38;5;162mn\u{1B}[0m"), "network in pink")
        #expect(text.contains("\u{1B}[1;38;5;28mS\u{1B}[0m synced"), "the legend too")
    }

    @Test func noColourOrNoTerminalMeansLetters() {
        #expect(!HistoryReport.colourWanted(environment: ["NO_COLOR": "1"]))
    }
}
