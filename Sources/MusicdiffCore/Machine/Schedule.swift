import Foundation

/// When syncs fall due: every fixed interval, or at the times of a cron expression.
package enum Schedule: Sendable, Equatable {
    /// Every `interval`, counted from the last run.
    case interval(Duration)
    /// At the times a cron expression names, in local time.
    case cron(CronExpression)

    /// The first due time strictly after `date`, `timeZone` being the local zone.
    /// A cron expression that never fires again falls back to a year later.
    package func next(after date: Date, in timeZone: TimeZone) -> Date {
        switch self {
        case .interval(let interval):
            return date.adding(interval)
        case .cron(let expression):
            return expression.nextFire(after: date, in: timeZone) ?? date.addingTimeInterval(365 * 86_400)
        }
    }

    /// `every 6h`, `every 1d2h30m` or `cron "0 2 * * *"`: the key a planned due time is kept
    /// under in the store (a due time planned under another key is planned again). The
    /// interval is exact (``DurationText/canonical(_:)``), so that 26h and 26h30m differ.
    package func describe(cronText: String?) -> String {
        switch self {
        case .interval(let interval): "every \(DurationText.canonical(interval))"
        case .cron: "cron \"\(cronText ?? "?")\""
        }
    }

    /// The key earlier versions wrote (`every 1d 2h`: ``DurationText/format(_:)``'s two
    /// largest units), which a daemon upgraded in place keeps its due time under; nil where
    /// it is ``describe(cronText:)``'s, or another interval's too (it drops the smaller units).
    package func formerKey(cronText: String?) -> String? {
        guard case .interval(let interval) = self else { return nil }
        let former = "every \(DurationText.format(interval))"
        let exact = DurationText.parse(String(former.dropFirst(6).filter { $0 != " " })) == interval
        return exact && former != describe(cronText: cronText) ? former : nil
    }

    /// `every 24h` or `cron "0 2 * * *"`, as the log, `config check` and `daemon status`
    /// show it: the interval in the one form the program quotes a duration setting in
    /// (``DurationText/hours(_:)``).
    package func words(cronText: String?) -> String {
        switch self {
        case .interval(let interval): "every \(DurationText.hours(interval))"
        case .cron: describe(cronText: cronText)
        }
    }
}
