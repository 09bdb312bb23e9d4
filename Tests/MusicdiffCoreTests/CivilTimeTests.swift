import Foundation
import MusicdiffCore
import Testing

/// Calendar fields by arithmetic, checked against Foundation's Gregorian calendar.
@Suite struct CivilTimeTests {
    /// Moments across leap days, year ends, centuries and before 1970.
    static let moments: [TimeInterval] = [
        0, -1, -86_400, 951_782_400, 951_868_799.999, 1_709_164_800, 1_735_689_599.5, 1_800_000_000.123,
        4_102_444_800, -2_208_988_800, 1_764_547_200, 1_764_633_599.9995,
    ]

    @Test(arguments: moments, [0, 3600, -5 * 3600 - 1800, 14 * 3600])
    func fieldsMatchFoundationsCalendar(_ seconds: TimeInterval, _ offset: Int) throws {
        let date = Date(timeIntervalSince1970: seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: offset))
        let expected = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .weekday],
            from: date
        )
        let time = CivilTime(date, utcOffset: offset)
        #expect(time.year == expected.year)
        #expect(time.month == expected.month)
        #expect(time.day == expected.day)
        #expect(time.hour == expected.hour)
        #expect(time.minute == expected.minute)
        #expect(time.second == expected.second)
        #expect(time.weekday == expected.weekday! - 1)
    }

    @Test func theStorageTextIsGRDBsDateText() {
        // GRDB stores a date as "yyyy-MM-dd HH:mm:ss.SSS" in UTC, milliseconds rounded to the nearest.
        #expect(
            CivilTime.storageText(Date(timeIntervalSince1970: 1_800_000_000.1239))
                == "2027-01-15 08:00:00.124"
        )
        #expect(CivilTime.storageText(Date(timeIntervalSince1970: -0.5)) == "1969-12-31 23:59:59.500")
        #expect(CivilTime.storageText(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00.000")
        #expect(
            CivilTime.storageText(Date(timeIntervalSince1970: 1_764_633_599.9996))
                == "2025-12-02 00:00:00.000"
        )
        #expect(CivilTime(Date(timeIntervalSince1970: 1_764_547_200)).weekdayAbbreviation == "Mon")
    }

    @Test(arguments: moments)
    func theLocalOffsetIsTimeZoneCurrents(_ seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(CivilTime.localOffset(at: date) == TimeZone.current.secondsFromGMT(for: date))
    }
}
