import Foundation
import MusicdiffCore
import Testing

/// Debian cron's daylight-saving behaviour: a fixed time inside the skipped hour fires right
/// after the jump, a fixed time inside the repeated hour fires once, and a wildcard hour or
/// minute (the field starts with `*`) is not made up for but fires in both repeated hours.
///
/// Europe/Berlin 2026: 02:00 CET becomes 03:00 CEST on March 29, 03:00 CEST becomes 02:00
/// CET on October 25. America/New_York 2026: 02:00 EST becomes 03:00 EDT on March 8,
/// 02:00 EDT becomes 01:00 EST on November 1.
@Suite struct CronDaylightSavingTests {
    @Test(arguments: [
        (
            "30 2 * * *", "2026-03-28T12:00:00+01:00",
            ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"]
        ),
        (
            "0,30 2,3 * * *", "2026-03-29T00:00:00+01:00",
            ["2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:00:00+02:00"]
        ),
        (
            "*/15 * * * *", "2026-03-29T01:30:00+01:00",
            ["2026-03-29T01:45:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00"]
        ),
        (
            "30 * * * *", "2026-03-29T01:00:00+01:00",
            ["2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00"]
        ),
        (
            "*/20 2 * * *", "2026-03-28T12:00:00+01:00",
            ["2026-03-30T02:00:00+02:00", "2026-03-30T02:20:00+02:00"]
        ),
        (
            "30 2 * * *", "2026-03-29T03:00:00+02:00",
            ["2026-03-30T02:30:00+02:00"]
        ),
    ])
    func berlinSpringForward(expression: String, start: String, expected: [String]) throws {
        #expect(
            try cronFires(expression, after: start, in: "Europe/Berlin", count: expected.count) == expected
        )
    }

    @Test func berlinSpringForwardHasNoTimesInTheSkippedHour() throws {
        let fires = try cronFires(
            "*/15 * * * *",
            after: "2026-03-28T23:00:00Z",
            in: "Europe/Berlin",
            count: 92
        )
        #expect(fires.count == 92)
        #expect(!fires.contains { $0.hasPrefix("2026-03-29T02:") })
        #expect(fires.contains("2026-03-29T01:45:00+01:00"))
        #expect(fires.contains("2026-03-29T03:00:00+02:00"))
    }

    @Test(arguments: [
        (
            "30 2 * * *", "2026-10-24T12:00:00+02:00",
            ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]
        ),
        (
            "30 * * * *", "2026-10-25T01:00:00+02:00",
            [
                "2026-10-25T01:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00",
                "2026-10-25T03:30:00+01:00",
            ]
        ),
        (
            "*/30 * * * *", "2026-10-25T01:45:00+02:00",
            [
                "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
                "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00",
            ]
        ),
        (
            "*/30 2 * * *", "2026-10-25T00:00:00+02:00",
            [
                "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
                "2026-10-25T02:30:00+01:00", "2026-10-26T02:00:00+01:00",
            ]
        ),
        (
            "0,30 2 * * *", "2026-10-25T00:00:00+02:00",
            ["2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:00:00+01:00"]
        ),
        (
            "30 2 * * *", "2026-10-25T02:45:00+02:00",
            ["2026-10-26T02:30:00+01:00"]
        ),
        (
            "30 * * * *", "2026-10-25T02:40:00+02:00",
            ["2026-10-25T02:30:00+01:00", "2026-10-25T03:30:00+01:00"]
        ),
        (
            "0 3 * * *", "2026-10-25T00:00:00+02:00",
            ["2026-10-25T03:00:00+01:00", "2026-10-26T03:00:00+01:00"]
        ),
    ])
    func berlinFallBack(expression: String, start: String, expected: [String]) throws {
        #expect(
            try cronFires(expression, after: start, in: "Europe/Berlin", count: expected.count) == expected
        )
    }

    @Test(arguments: [
        (
            "30 2 * * *", "2026-03-07T12:00:00-05:00",
            ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]
        ),
        (
            "*/20 * * * *", "2026-03-08T01:30:00-05:00",
            ["2026-03-08T01:40:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:20:00-04:00"]
        ),
        (
            "30 1 * * *", "2026-10-31T12:00:00-04:00",
            ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]
        ),
        (
            "30 * * * *", "2026-11-01T00:45:00-04:00",
            ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:30:00-05:00"]
        ),
        (
            "0 2 * * *", "2026-10-31T12:00:00-04:00",
            ["2026-11-01T02:00:00-05:00", "2026-11-02T02:00:00-05:00"]
        ),
    ])
    func newYork(expression: String, start: String, expected: [String]) throws {
        #expect(
            try cronFires(expression, after: start, in: "America/New_York", count: expected.count) == expected
        )
    }

    @Test func aSkippedMidnightFiresAtTheJump() throws {
        // São Paulo's summer time began at midnight: 2018-11-04 00:00 became 01:00.
        #expect(
            try cronFires("@daily", after: "2018-11-03T12:00:00-03:00", in: "America/Sao_Paulo", count: 2)
                == [
                    "2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00",
                ]
        )
    }

    @Test func aChangeOfStandardOffsetIsATransitionToo() throws {
        // Moscow moved from +04:00 to +03:00 for good on 2014-10-26 at 02:00 (01:xx repeats).
        #expect(
            try cronFires("30 1 * * *", after: "2014-10-25T12:00:00+04:00", in: "Europe/Moscow", count: 2)
                == [
                    "2014-10-26T01:30:00+04:00", "2014-10-27T01:30:00+03:00",
                ]
        )
        #expect(
            try cronFires("30 * * * *", after: "2014-10-26T01:00:00+04:00", in: "Europe/Moscow", count: 3)
                == [
                    "2014-10-26T01:30:00+04:00", "2014-10-26T01:30:00+03:00", "2014-10-26T02:30:00+03:00",
                ]
        )
    }

    @Test func aSkippedDayFiresFixedTimesAtTheJump() throws {
        // Samoa skipped 2011-12-30 entirely, from 2011-12-29 24:00 -10:00 to 12-31 00:00 +14:00.
        // Debian's cron takes a jump over three hours for the clock being set and drops the
        // skipped times; musicdiff makes them up as it does for a skipped hour.
        #expect(
            try cronFires("0 12 30 12 *", after: "2011-12-29T12:00:00-10:00", in: "Pacific/Apia", count: 2)
                == [
                    "2011-12-31T00:00:00+14:00", "2012-12-30T12:00:00+14:00",
                ]
        )
    }
}
