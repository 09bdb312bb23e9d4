import Foundation
import Testing

@testable import MusicdiffCore

/// Checks `nextFire` against a minute-by-minute replay of Debian cron's main loop
/// (`cron.c`: virtual time, and its small / medium / negative / large wake-up cases) across
/// the daylight-saving changes of Europe/Berlin and America/New_York in 2026.
@Suite struct CronDebianSimulationTests {
    static let expressions = [
        "30 2 * * *", "0 2 * * *", "0 3 * * *", "59 1 * * *", "1 3 * * *", "0,30 2,3 * * *",
        "15,45 1,2 * * *",
        "*/15 * * * *", "30 * * * *", "0 * * * *", "*/20 2 * * *", "*/30 1-3 * * *", "@daily", "@hourly",
        "0-59/7 1-3 * * *",
    ]

    static let windows: [(zone: String, start: String)] = [
        ("Europe/Berlin", "2026-03-28T20:00:00Z"), ("Europe/Berlin", "2026-10-24T20:00:00Z"),
        ("America/New_York", "2026-03-08T01:00:00Z"), ("America/New_York", "2026-11-01T01:00:00Z"),
    ]

    @Test(arguments: expressions, windows)
    func matchesDebianCron(expression: String, window: (zone: String, start: String)) throws {
        let cron = try CronExpression(expression)
        let zone = try #require(TimeZone(identifier: window.zone))
        let start = try #require(ISO8601DateFormatter().date(from: window.start))
        let end = start.addingTimeInterval(12 * 3600)
        var fires: [Date] = []
        var date = start
        while let next = cron.nextFire(after: date, in: zone), next <= end {
            fires.append(next)
            date = next
        }
        #expect(fires == Self.debianCron(cron, in: zone, from: start, to: end))
    }

    /// The minutes Debian's cron runs `cron` at, from just after `start` to `end`.
    static func debianCron(
        _ cron: CronExpression,
        in zone: TimeZone,
        from start: Date,
        to end: Date
    ) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func localMinute(_ date: Date) -> Int {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let minute = CivilMinute(
                year: parts.year!,
                month: parts.month!,
                day: parts.day!,
                hour: parts.hour!,
                minute: parts.minute!
            )
            return minute.wallSeconds / 60
        }
        func matches(_ local: Int, wild: Bool, fixed: Bool) -> Bool {
            guard cron.isWildcard ? wild : fixed else { return false }
            let minute = CivilMinute(wallSeconds: local * 60)
            return cron.nextMatch(from: minute, throughYear: minute.year) == minute
        }
        var fires: [Date] = []
        var virtualTime = localMinute(start)
        var now = start.addingTimeInterval(60)
        while now <= end {
            let timeRunning = localMinute(now)
            let difference = timeRunning - virtualTime
            var runs = false
            if difference == 1 || difference > 180 || difference < -180 {
                virtualTime = timeRunning
                runs = matches(timeRunning, wild: true, fixed: true)
            } else if difference > 5 {
                runs = matches(timeRunning, wild: true, fixed: false)
                while virtualTime < timeRunning {
                    virtualTime += 1
                    runs = matches(virtualTime, wild: false, fixed: true) || runs
                }
            } else if difference > 0 {
                while virtualTime < timeRunning {
                    virtualTime += 1
                    runs = matches(virtualTime, wild: true, fixed: true) || runs
                }
            } else {
                runs = matches(timeRunning, wild: true, fixed: false)
            }
            if runs { fires.append(now) }
            now = now.addingTimeInterval(60)
        }
        return fires
    }
}
