import Foundation

extension CronExpression {
    /// The first moment strictly after `date` at which the expression fires, on the wall
    /// clock of `timeZone`, or nil if it does not fire within 400 years.
    ///
    /// Across daylight-saving changes it follows Debian's cron. A wall-clock time the clock
    /// jumps over fires at the jump (`30 2 * * *` fires at 03:00 when 02:00 becomes 03:00),
    /// unless the expression is a wildcard one (its minute or hour field starts with `*`),
    /// which cron does not make up for. A wall-clock time the clock shows twice fires the
    /// first time only, except for a wildcard expression, which fires both times
    /// (`30 * * * *` fires at 02:30 summer time and again at 02:30 standard time).
    ///
    /// The same rule holds for any change of a zone's offset. Debian's cron, for a change of
    /// more than three hours, which it takes for the clock being set, would instead drop the
    /// skipped times and repeat fixed ones (as when Samoa skipped 2011-12-30); this keeps them.
    package func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        let zone = ZoneTimeLine(timeZone: timeZone)
        var from = CivilMinute(wallSeconds: zone.earliestWallMinute(after: date))
        let lastYear = from.year + 400
        var best: Date?
        // Wall-clock minutes are tried in order. The first moment of each never goes back in
        // time, so once one is after `date`, no later minute can fire sooner; only the
        // second copy of an earlier repeated minute can, and it is in `best` already.
        while let minute = nextMatch(from: from, throughYear: lastYear) {
            from = CivilMinute(wallSeconds: minute.wallSeconds + 60)
            let first: Date
            switch zone.place(wallSeconds: minute.wallSeconds) {
            case .once(let moment):
                first = moment
                best = earlier(best, moment, after: date)
            case .twice(let moment, let repeated):
                first = moment
                best = earlier(best, moment, after: date)
                if isWildcard { best = earlier(best, repeated, after: date) }
            case .skipped(let jump):
                first = jump
                if !isWildcard { best = earlier(best, jump, after: date) }
            case nil:
                continue
            }
            if first > date, let best { return best }
        }
        return best
    }

    /// The earlier of `best` and `candidate`, counting `candidate` only if after `date`.
    private func earlier(_ best: Date?, _ candidate: Date, after date: Date) -> Date? {
        guard candidate > date else { return best }
        guard let best else { return candidate }
        return min(best, candidate)
    }

    /// The first wall-clock minute at or after `start` that matches all five fields, found
    /// by skipping whole months, days and hours that cannot match.
    func nextMatch(from start: CivilMinute, throughYear lastYear: Int) -> CivilMinute? {
        var (year, month, day, hour, minute) = (start.year, start.month, start.day, start.hour, start.minute)
        while year <= lastYear {
            guard let matchingMonth = months.next(from: month) else {
                (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0)
                continue
            }
            if matchingMonth != month { (month, day, hour, minute) = (matchingMonth, 1, 0, 0) }
            if day > CivilCalendar.daysIn(month: month, leap: CivilCalendar.isLeap(year)) {
                (month, day, hour, minute) = (month + 1, 1, 0, 0)
                continue
            }
            guard matchesDay(year: year, month: month, day: day), let matchingHour = hours.next(from: hour)
            else {
                (day, hour, minute) = (day + 1, 0, 0)
                continue
            }
            if matchingHour != hour { (hour, minute) = (matchingHour, 0) }
            guard let matchingMinute = minutes.next(from: minute) else {
                (hour, minute) = (hour + 1, 0)
                continue
            }
            return CivilMinute(year: year, month: month, day: day, hour: hour, minute: matchingMinute)
        }
        return nil
    }
}
