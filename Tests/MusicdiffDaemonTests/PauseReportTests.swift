import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// The words of a pause: the `STATUS=` line, `why-not`'s and `daemon status`'s line, the JSON.
@Suite struct PauseReportTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// 2027-01-15 14:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_800_021_600)

    @Test func theStatusLineSaysUntilWhen() {
        let timed = Pause(since: Self.now, until: Self.now.addingTimeInterval(7200))
        #expect(LoopStatus.paused(timed).text(now: Self.now, timeZone: Self.utc) == "paused until 16:00")
        let plugged = Pause(since: Self.now, condition: .ac)
        #expect(LoopStatus.paused(plugged).text(now: Self.now, timeZone: Self.utc) == "paused until on AC")
    }

    @Test func theReportsLineAndJSON() {
        let pause = Pause(since: Self.now, until: Self.now.addingTimeInterval(7200), condition: .unmetered)
        #expect(
            pause.line(now: Self.now, timeZone: Self.utc)
                == "paused until 16:00 or on an unmetered network (since 14:00): no sync starts but a forced one;"
                + " musicdiff resume ends it"
        )
        #expect(
            pause.json.text
                == #"{"since":"2027-01-15T14:00:00Z","until":"2027-01-15T16:00:00Z","condition":"unmetered"}"#
        )
        #expect(pause.lasts(at: Self.now.addingTimeInterval(7199)))
        #expect(!pause.lasts(at: Self.now.addingTimeInterval(7200)))
    }

    @Test func theHistorysLegendNamesThePauseWhereTheGridShowsOne() {
        let moments = [
            RecordedMoment(at: Self.now, kind: .daemonStart),
            RecordedMoment(
                at: Self.now.addingTimeInterval(60),
                kind: .decision,
                failed: [DaemonMachine.pausedMoment]
            ),
        ]
        let grid = HistoryGrid.build(
            moments: moments,
            runs: [],
            days: 1,
            now: Self.now.addingTimeInterval(7200),
            timeZone: Self.utc,
            daemonRunning: true
        )
        let text = HistoryReport(grid: grid, timeZone: Self.utc, policies: []).text(colour: false)
        #expect(text.contains("PPPP"), "\(text)")
        #expect(text.contains("  P paused (musicdiff pause)"))
        #expect(!HistoryReportTests.report.text(colour: false).contains("paused"), "said only where shown")
    }
}
