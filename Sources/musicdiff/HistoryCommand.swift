import ArgumentParser
import Foundation
import MusicdiffDaemon

/// `musicdiff history [--days N] [--json]`: what the daemon did, a row per day.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show what the daemon did, one row per day and one letter per 30 minutes.",
        discussion:
            "Synced, stopped, failed, blocked (by the first failing rule), not due, or the daemon not running. Colour in a terminal; plain letters otherwise or with NO_COLOR."
    )

    @OptionGroup var options: HistoryOptions

    func run() throws {
        let (history, running) = try options.read(Environment(), readings: false)
        var report = HistoryReport(
            grid: history.grid(daemonRunning: running),
            timeZone: history.timeZone,
            policies: history.policies
        )
        report.damagedRows = history.damagedRows
        report.notes = history.notes
        report.end = (history.now, history.endsNow)
        print(
            options.json ? report.json() : report.text(colour: HistoryReport.colourWanted()),
            terminator: ""
        )
    }
}
