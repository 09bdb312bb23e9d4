import Foundation
import MusicdiffCore
import Testing

/// The next `count` fire times of `expression` strictly after `start` (ISO 8601 with an
/// offset), written as ISO 8601 local times of `zone` with their offset.
func cronFires(_ expression: String, after start: String, in zone: String, count: Int = 3) throws -> [String]
{
    let timeZone = try #require(TimeZone(identifier: zone))
    let cron = try CronExpression(expression)
    var date = try #require(ISO8601DateFormatter().date(from: start), "bad test time \(start)")
    var fires: [String] = []
    for _ in 0..<count {
        guard let next = cron.nextFire(after: date, in: timeZone) else { break }
        fires.append(cronLocalText(next, in: timeZone))
        date = next
    }
    return fires
}

/// `2026-03-29T03:00:00+02:00`, from Foundation's calendar, not from the code under test.
func cronLocalText(_ date: Date, in timeZone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let offset = timeZone.secondsFromGMT(for: date)
    let sign = offset < 0 ? "-" : "+"
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):"
        + "\(two(parts.second))\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
}

@Suite struct CronNextFireTests {
    @Test func firesStrictlyAfterTheStart() throws {
        #expect(
            try cronFires("0 12 * * *", after: "2026-05-04T12:00:00Z", in: "UTC", count: 2) == [
                "2026-05-05T12:00:00+00:00", "2026-05-06T12:00:00+00:00",
            ]
        )
        #expect(
            try cronFires("* * * * *", after: "2026-05-04T12:00:30Z", in: "UTC", count: 2) == [
                "2026-05-04T12:01:00+00:00", "2026-05-04T12:02:00+00:00",
            ]
        )
    }

    @Test func stepsWithinTheHour() throws {
        #expect(
            try cronFires("*/15 * * * *", after: "2026-05-04T10:07:00Z", in: "UTC", count: 4) == [
                "2026-05-04T10:15:00+00:00", "2026-05-04T10:30:00+00:00", "2026-05-04T10:45:00+00:00",
                "2026-05-04T11:00:00+00:00",
            ]
        )
    }

    @Test func monthEndsAreSkippedWhenTheDayIsMissing() throws {
        #expect(
            try cronFires("0 0 31 * *", after: "2026-01-31T00:00:00Z", in: "UTC", count: 4) == [
                "2026-03-31T00:00:00+00:00", "2026-05-31T00:00:00+00:00", "2026-07-31T00:00:00+00:00",
                "2026-08-31T00:00:00+00:00",
            ]
        )
        #expect(
            try cronFires("0 0 30 * *", after: "2026-01-30T00:00:00Z", in: "UTC", count: 2) == [
                "2026-03-30T00:00:00+00:00", "2026-04-30T00:00:00+00:00",
            ]
        )
        #expect(
            try cronFires("59 23 31 12 *", after: "2026-12-31T23:59:00Z", in: "UTC", count: 1) == [
                "2027-12-31T23:59:00+00:00"
            ]
        )
    }

    @Test func leapDaysComeEveryFourYearsButNotIn2100() throws {
        #expect(
            try cronFires("0 0 29 2 *", after: "2026-01-01T00:00:00Z", in: "UTC", count: 2) == [
                "2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00",
            ]
        )
        #expect(
            try cronFires("0 0 29 2 *", after: "2096-03-01T00:00:00Z", in: "UTC", count: 1) == [
                "2104-02-29T00:00:00+00:00"
            ]
        )
        #expect(
            try cronFires("0 0 28-29 feb *", after: "2027-02-28T00:00:00Z", in: "UTC", count: 2) == [
                "2028-02-28T00:00:00+00:00", "2028-02-29T00:00:00+00:00",
            ]
        )
    }

    @Test func aRareExpressionIsFoundDecadesAhead() throws {
        // February 29 that is also a Sunday (`*/7` starts with `*`, so both must match).
        #expect(
            try cronFires("0 0 29 2 */7", after: "2026-01-01T00:00:00Z", in: "UTC", count: 2) == [
                "2032-02-29T00:00:00+00:00", "2060-02-29T00:00:00+00:00",
            ]
        )
    }

    @Test func restrictedDayOfMonthAndDayOfWeekMatchEither() throws {
        // Every 13th and every Friday, not Friday the 13th (2026-01-01 is a Thursday).
        #expect(
            try cronFires("0 0 13 * fri", after: "2026-01-01T00:00:00Z", in: "UTC", count: 5) == [
                "2026-01-02T00:00:00+00:00", "2026-01-09T00:00:00+00:00", "2026-01-13T00:00:00+00:00",
                "2026-01-16T00:00:00+00:00", "2026-01-23T00:00:00+00:00",
            ]
        )
        #expect(
            try cronFires("0 0 29 2 mon", after: "2027-01-01T00:00:00Z", in: "UTC", count: 5) == [
                "2027-02-01T00:00:00+00:00", "2027-02-08T00:00:00+00:00", "2027-02-15T00:00:00+00:00",
                "2027-02-22T00:00:00+00:00", "2028-02-07T00:00:00+00:00",
            ]
        )
    }

    @Test func aStarredDayFieldMakesBothMatch() throws {
        // Odd days that are Fridays: `*/2` starts with `*`.
        #expect(
            try cronFires("0 0 */2 * fri", after: "2026-01-01T00:00:00Z", in: "UTC", count: 3) == [
                "2026-01-09T00:00:00+00:00", "2026-01-23T00:00:00+00:00", "2026-02-13T00:00:00+00:00",
            ]
        )
        #expect(
            try cronFires("0 9 * * mon-fri", after: "2026-01-02T09:00:00Z", in: "UTC", count: 2) == [
                "2026-01-05T09:00:00+00:00", "2026-01-06T09:00:00+00:00",
            ]
        )
    }

    @Test func macrosFire() throws {
        #expect(
            try cronFires("@weekly", after: "2026-01-01T00:00:00Z", in: "UTC", count: 1) == [
                "2026-01-04T00:00:00+00:00"
            ]
        )
        #expect(
            try cronFires("@yearly", after: "2026-01-01T00:00:00Z", in: "UTC", count: 1) == [
                "2027-01-01T00:00:00+00:00"
            ]
        )
        #expect(
            try cronFires("@monthly", after: "2026-01-15T00:00:00Z", in: "UTC", count: 1) == [
                "2026-02-01T00:00:00+00:00"
            ]
        )
        #expect(
            try cronFires("@hourly", after: "2026-01-01T23:00:00Z", in: "UTC", count: 1) == [
                "2026-01-02T00:00:00+00:00"
            ]
        )
    }

    @Test func localTimeFollowsTheZoneNotUTC() throws {
        #expect(
            try cronFires("0 2 * * *", after: "2026-11-29T12:00:00Z", in: "Europe/Berlin", count: 2) == [
                "2026-11-30T02:00:00+01:00", "2026-12-01T02:00:00+01:00",
            ]
        )
        #expect(
            try cronFires("0 2 * * *", after: "2026-11-29T12:00:00Z", in: "Asia/Kolkata", count: 1) == [
                "2026-11-30T02:00:00+05:30"
            ]
        )
        // 23:30 in New York on the 29th is already the 30th in UTC.
        #expect(
            try cronFires("0 0 30 * *", after: "2026-11-30T03:00:00Z", in: "America/New_York", count: 1) == [
                "2026-11-30T00:00:00-05:00"
            ]
        )
    }

    @Test func everyMinuteOfADayIsFoundInOrder() throws {
        let fires = try cronFires(
            "* * * * *",
            after: "2026-03-28T23:00:00Z",
            in: "Europe/Berlin",
            count: 24 * 60
        )
        #expect(fires.count == 24 * 60)
        #expect(Set(fires).count == fires.count)
        #expect(fires.first == "2026-03-29T00:01:00+01:00")
        #expect(fires.last == "2026-03-30T01:00:00+02:00")
    }
}
