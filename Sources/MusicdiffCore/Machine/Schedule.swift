import Foundation

/// When syncs fall due: every fixed interval, or at the times of a cron expression.
public enum Schedule: Sendable, Equatable {
    /// Every `interval`, counted from the last run.
    case interval(Duration)
    /// At the times a cron expression names, in local time.
    case cron(CronExpression)

    /// The first due time strictly after `date`, `timeZone` being the local zone.
    /// A cron expression that never fires again falls back to a year later.
    public func next(after date: Date, in timeZone: TimeZone) -> Date {
        switch self {
        case .interval(let interval):
            return date.adding(interval)
        case .cron(let expression):
            return expression.nextFire(after: date, in: timeZone) ?? date.addingTimeInterval(365 * 86_400)
        }
    }

    /// `every 6h`, `every 1d` or `cron "0 2 * * *"`: the key a planned due time is kept
    /// under in the store (a due time planned under another key is planned again), so its
    /// form stays what daemons already running wrote.
    public func describe(cronText: String?) -> String {
        switch self {
        case .interval(let interval): "every \(DurationText.format(interval))"
        case .cron: "cron \"\(cronText ?? "?")\""
        }
    }

    /// `every 24h` or `cron "0 2 * * *"`, as the log, `config check` and `daemon status`
    /// show it: the interval in the one form the program quotes a duration setting in
    /// (``DurationText/hours(_:)``).
    public func words(cronText: String?) -> String {
        switch self {
        case .interval(let interval): "every \(DurationText.hours(interval))"
        case .cron: describe(cronText: cronText)
        }
    }
}
