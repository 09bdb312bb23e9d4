import Foundation
import Testing

@testable import MusicdiffCore

/// The grid's `wait` counts a due sync's wait only while the daemon ran: hours the grid shows
/// as "daemon not running" are no wait.
@Suite struct HistoryWaitTests {
    static let midnight = Date(timeIntervalSince1970: 1_795_392_000)
    static let utc = TimeZone(identifier: "UTC")!

    static func at(_ hours: Double) -> Date { midnight.addingTimeInterval(hours * 3600) }

    static func blocked(_ hours: Double, dueSince: Double) -> RecordedMoment {
        RecordedMoment(
            at: at(hours),
            kind: .decision,
            policy: "laptop",
            failed: ["idle"],
            dueSince: at(dueSince)
        )
    }

    static func grid(_ moments: [RecordedMoment], now: Double, running: Bool) -> HistoryGrid {
        HistoryGrid.build(
            moments: moments,
            runs: [],
            days: 1,
            now: at(now),
            timeZone: utc,
            daemonRunning: running
        )
    }

    @Test func theHoursTheDaemonWasStoppedAreNoWait() {
        let grid = Self.grid(
            [
                RecordedMoment(at: Self.at(0), kind: .daemonStart),
                Self.blocked(1, dueSince: 1),
                RecordedMoment(at: Self.at(2), kind: .daemonStop),
                RecordedMoment(at: Self.at(20), kind: .daemonStart),
                Self.blocked(21, dueSince: 1),
            ],
            now: 22,
            running: true
        )
        // Due at 01:00: waited 01:00-02:00, then (down until 20:00) 20:00-22:00.
        #expect(grid.days[0].longestWait == .seconds(3 * 3600))
        #expect(grid.days[0].cells[10] == .down)
    }

    @Test func aDaemonGoneWithoutAStopWaitsNoLongerThanItsLastMoment() {
        let grid = Self.grid(
            [RecordedMoment(at: Self.at(0), kind: .daemonStart), Self.blocked(1, dueSince: 1)],
            now: 23,
            running: false
        )
        #expect(grid.days[0].longestWait == .zero)
        let running = Self.grid(
            [RecordedMoment(at: Self.at(0), kind: .daemonStart), Self.blocked(1, dueSince: 1)],
            now: 23,
            running: true
        )
        #expect(running.days[0].longestWait == .seconds(22 * 3600), "still running: it still waits")
    }
}
