import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A moment broken down into its calendar fields at a fixed offset from UTC, with plain
/// arithmetic (the proleptic Gregorian calendar): what the daemon's every tick needs to word a
/// time, without Foundation's `DateFormatter` and `Calendar`, which run ICU and keep its code
/// and data resident.
package struct CivilTime: Sendable, Equatable {
    /// The year (1970, 2026).
    package var year: Int
    /// 1...12.
    package var month: Int
    /// 1...31.
    package var day: Int
    /// 0...23.
    package var hour: Int
    /// 0...59.
    package var minute: Int
    /// 0...59.
    package var second: Int
    /// 0...999.
    var millisecond: Int
    /// 0 for Sunday ... 6 for Saturday.
    package var weekday: Int

    /// `date` at `utcOffset` seconds east of UTC, to the millisecond rounded down (as
    /// `Calendar` has it).
    package init(_ date: Date, utcOffset: Int = 0) {
        self.init(
            milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)),
            utcOffset: utcOffset
        )
    }

    /// The moment `milliseconds` after 1970 (UTC) at `utcOffset` seconds east of UTC.
    init(milliseconds utc: Int64, utcOffset: Int) {
        let milliseconds = utc + Int64(utcOffset) * 1000
        let (days, dayMilliseconds) = Self.floorDivision(milliseconds, 86_400_000)
        millisecond = Int(dayMilliseconds % 1000)
        let seconds = Int(dayMilliseconds / 1000)
        (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        weekday = CivilCalendar.weekday(ofDay: Int(days))
        (year, month, day) = CivilCalendar.date(ofDay: Int(days))
    }

    /// Seconds east of UTC of the local time zone at `date`, as `TimeZone.current` has it
    /// (`TZ`, else `/etc/localtime`), from the C library's `localtime_r`: `TimeZone` asks ICU.
    package static func localOffset(at date: Date) -> Int {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        guard localtime_r(&seconds, &fields) != nil else { return TimeZone.current.secondsFromGMT(for: date) }
        return Int(fields.tm_gmtoff)
    }

    /// Whether both fall on the same calendar day.
    package func isSameDay(as other: CivilTime) -> Bool {
        (year, month, day) == (other.year, other.month, other.day)
    }

    /// `2026-12-01 14:05:09.250`: the text GRDB stores a `Date` as, in UTC, with the
    /// milliseconds rounded to the nearest as its `DateFormatter` rounds them.
    package static func storageText(_ date: Date) -> String {
        let time = CivilTime(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()), utcOffset: 0)
        return
            "\(time.dateText) \(two(time.hour)):\(two(time.minute)):\(two(time.second)).\(three(time.millisecond))"
    }

    /// `2026-12-01`.
    package var dateText: String { "\(Self.four(year))-\(Self.two(month))-\(Self.two(day))" }
    /// `14:05`.
    package var hourMinute: String { "\(Self.two(hour)):\(Self.two(minute))" }
    /// `Tue`, in English whatever the locale.
    package var weekdayAbbreviation: String { ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday] }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func three(_ value: Int) -> String {
        value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }
    private static func four(_ value: Int) -> String {
        value < 0
            ? "-" + four(-value) : String(repeating: "0", count: max(0, 4 - "\(value)".count)) + "\(value)"
    }
}
