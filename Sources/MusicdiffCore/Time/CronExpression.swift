import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), read and
/// applied as Debian's cron does, in a time zone the caller names.
///
/// Accepts `*`, numbers, lists (`1,15`), ranges (`1-5`), steps (`*/15`, `1-30/5`, `5/10`
/// meaning `5-59/10`), month names `jan`-`dec` and weekday names `sun`-`sat` (any case, also
/// in ranges: `mon-fri`), weekday 7 for Sunday, and the macros `@yearly`, `@annually`,
/// `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly`.
///
/// When both the day-of-month and the day-of-week field are restricted (neither starts with
/// `*`), a day matches when either matches; otherwise it must match both.
///
/// Across daylight-saving changes it fires as Debian's cron does (see ``nextFire(after:in:)``).
/// Two expressions are equal when they fire at the same times.
package struct CronExpression: Sendable, Equatable {
    /// Minutes of the hour (0-59).
    var minutes: CronSet
    /// Hours of the day (0-23).
    var hours: CronSet
    /// Days of the month (1-31).
    var daysOfMonth: CronSet
    /// Months (1-12).
    var months: CronSet
    /// Days of the week (0-6, Sunday is 0).
    var daysOfWeek: CronSet
    /// The day-of-month field starts with `*` (Debian's `DOM_STAR`).
    var dayOfMonthIsStar: Bool
    /// The day-of-week field starts with `*` (Debian's `DOW_STAR`).
    var dayOfWeekIsStar: Bool
    /// The minute or the hour field starts with `*` (Debian's `MIN_STAR|HR_STAR`): such a
    /// "wildcard" job is not made up for after a skipped hour, and fires in both copies of a
    /// repeated hour.
    var isWildcard: Bool

    /// Parses a five-field expression or a macro such as `@daily`.
    ///
    /// Throws a ``CronError`` naming the faulty field, and also for an expression that can
    /// never fire, such as `0 0 31 2 *`.
    package init(_ text: String) throws(CronError) {
        let fields = try Self.fields(of: text)
        minutes = try Self.parse(fields[0], as: .minute)
        hours = try Self.parse(fields[1], as: .hour)
        daysOfMonth = try Self.parse(fields[2], as: .dayOfMonth)
        months = try Self.parse(fields[3], as: .month)
        daysOfWeek = try Self.parse(fields[4], as: .dayOfWeek)
        dayOfMonthIsStar = fields[2].hasPrefix("*")
        dayOfWeekIsStar = fields[4].hasPrefix("*")
        isWildcard = fields[0].hasPrefix("*") || fields[1].hasPrefix("*")
        if !dayOfMonthIsStar && dayOfWeekIsStar && !months.values.contains(where: hasDay(in:)) {
            throw CronError(
                field: .dayOfMonth,
                text: fields[2],
                reason: "month field \"\(fields[3])\" has no such day, so the expression never fires"
            )
        }
    }

    /// Whether the day-of-month field names a day that `month` has in some year.
    private func hasDay(in month: Int) -> Bool {
        let longest = CivilCalendar.daysIn(month: month, leap: true)
        return daysOfMonth.values.contains { $0 <= longest }
    }

    /// Whether the expression matches the local calendar day.
    func matchesDay(year: Int, month: Int, day: Int) -> Bool {
        let weekday = CivilCalendar.weekday(ofDay: CivilCalendar.days(year: year, month: month, day: day))
        let (byMonth, byWeek) = (daysOfMonth.contains(day), daysOfWeek.contains(weekday))
        return dayOfMonthIsStar || dayOfWeekIsStar ? byMonth && byWeek : byMonth || byWeek
    }
}

/// A set of small numbers (0-63), as the bit strings cron keeps for each field.
struct CronSet: Sendable, Equatable {
    /// Bit `n` is set when `n` is in the set.
    var bits: UInt64 = 0

    /// Whether `value` is in the set.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// The smallest member that is `value` or more, or nil.
    func next(from value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = bits & (UInt64.max << UInt64(max(value, 0)))
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }

    /// The members, smallest first.
    var values: [Int] { (0..<64).filter(contains) }

    /// Adds `value`.
    mutating func insert(_ value: Int) {
        bits |= 1 << UInt64(value)
    }
}
