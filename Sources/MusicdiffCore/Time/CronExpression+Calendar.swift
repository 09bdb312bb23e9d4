/// Proleptic Gregorian calendar arithmetic on wall-clock dates, with no time zone: days are
/// counted from 1970-01-01 (Howard Hinnant's `days_from_civil` and `civil_from_days`).
enum CivilCalendar {
    /// Days from 1970-01-01 to the date (negative before it).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01.
    static func date(ofDay days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day of the week, Sunday 0 to Saturday 6 (1970-01-01 was a Thursday).
    static func weekday(ofDay days: Int) -> Int {
        ((days + 4) % 7 + 7) % 7
    }

    /// Whether `year` has a February 29.
    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1-12) of a leap or common year.
    static func daysIn(month: Int, leap: Bool) -> Int {
        switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A minute of wall-clock time, with no time zone.
struct CivilMinute: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int

    /// Creates a minute from its parts, which must be in range.
    init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        (self.year, self.month, self.day, self.hour, self.minute) = (year, month, day, hour, minute)
    }

    /// The minute that contains `seconds` of wall-clock time counted from 1970-01-01 00:00.
    init(wallSeconds seconds: Int) {
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let date = CivilCalendar.date(ofDay: days)
        self.init(
            year: date.year,
            month: date.month,
            day: date.day,
            hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60
        )
    }

    /// Seconds of wall-clock time from 1970-01-01 00:00 to the start of this minute.
    var wallSeconds: Int {
        CivilCalendar.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
    }
}
