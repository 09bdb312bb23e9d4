import Foundation
import Testing

/// One rule for "the last N days", whichever way the store is opened: the days end with the
/// newest record (or now, while the daemon runs), and the title says so.
@Suite struct HistoryDaysTests {
    @Test func theSameStoreShowsTheSameDaysThroughTheHomeAndThroughStore() throws {
        let fixture = try CLIFixture()
        let store = try HistoryCommandTests.recordedWeek(fixture)
        try FileManager.default.copyItem(atPath: store, toPath: fixture.home + "/state.sqlite")
        let given = try fixture.run("history", "--days", "7", "--store", store)
        let home = try fixture.run("history", "--days", "7")
        #expect(given.status == 0 && home.status == 0, "\(given.stderr) \(home.stderr)")
        #expect(home.stdout == given.stdout)
        // The simulated week ends at the start of today (UTC): its last record is yesterday's.
        let midnight = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let first = HistoryDaysTests.label(midnight - 7 * 86_400)
        let last = HistoryDaysTests.label(midnight - 86_400)
        let title = try #require(home.stdout.split(separator: "\n").first.map(String.init))
        #expect(title.hasPrefix("7 days, \(first) 00:00 to \(last) 2"), "\(title)")
        #expect(title.hasSuffix(" (the last record), policy laptop"), "\(title)")
        let rows = home.stdout.split(separator: "\n").dropFirst(2).prefix(7).map { String($0.prefix(6)) }
        #expect(rows.first == first && rows.last == last, "\(rows)")
    }

    /// A wait counts only while the daemon ran, in history's column and in replay alike: the
    /// simulated week's day with the daemon down from 09:00 to 21:00 waits 2h 10m (due at
    /// 11:20, while it was down, and started at 23:10), not 11h 40m, and replay's longest wait is the grid's.
    @Test func aWaitCountsOnlyWhileTheDaemonRanInHistoryAndReplay() throws {
        let fixture = try CLIFixture()
        let store = try HistoryCommandTests.recordedWeek(fixture)
        let history = try fixture.run("history", "--days", "7", "--store", store)
        #expect(history.status == 0, "\(history.stderr)")
        let down = try #require(history.stdout.split(separator: "\n").first { $0.contains("------------") })
        #expect(down.hasSuffix(", wait 2h 10m"), "\(down)")
        let waits = history.stdout.split(separator: "\n").compactMap {
            $0.components(separatedBy: ", wait ").last
        }
        #expect(waits.contains("4h 50m"), "\(waits)")
        #expect(!history.stdout.contains("11h"), "\(history.stdout)")
        let replay = try fixture.run("replay", "--policy", "laptop", "--store", store)
        #expect(replay.status == 0, "\(replay.stderr)")
        let line = try #require(replay.stdout.split(separator: "\n").first { $0.hasPrefix("wait (max)") })
        #expect(
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).joined(separator: " ")
                == "4h 50m 4h 50m",
            "\(line)"
        )
    }

    /// `Mon 23`, UTC.
    static func label(_ seconds: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE d"
        let text = formatter.string(from: Date(timeIntervalSince1970: seconds))
        return text.count == 5 ? text.replacingOccurrences(of: " ", with: "  ") : text
    }
}
