/// One of the five fields of a cron expression.
package enum CronField: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Minute of the hour, 0-59.
    case minute
    /// Hour of the day, 0-23.
    case hour
    /// Day of the month, 1-31.
    case dayOfMonth
    /// Month, 1-12 or `jan`-`dec`.
    case month
    /// Day of the week, 0-7 (0 and 7 are Sunday) or `sun`-`sat`.
    case dayOfWeek

    /// The field's name as crontab(5) writes it: `day-of-month`.
    package var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The smallest and largest number the field accepts.
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }
}

/// A cron expression that cannot be used, naming the faulty field and what is wrong in one
/// sentence.
///
/// Prints as `minute field "61": 61 is out of range 0-59`, or, for a fault of the whole
/// expression, as the bare reason: `expected 5 fields (...), got 4`.
package struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The faulty field, or nil when the expression as a whole is wrong.
    package var field: CronField?
    /// The faulty field's text as written (empty when `field` is nil).
    var fieldText: String
    /// What is wrong, and where it helps, what would be right.
    package var reason: String

    /// Creates an error about one field.
    package init(field: CronField, text: some StringProtocol, reason: String) {
        self.field = field
        self.fieldText = String(text)
        self.reason = reason
    }

    /// Creates an error about the expression as a whole.
    package init(reason: String) {
        self.field = nil
        self.fieldText = ""
        self.reason = reason
    }

    /// `FIELD field "TEXT": reason`, or the bare reason.
    package var description: String {
        guard let field else { return reason }
        return "\(field) field \"\(fieldText)\": \(reason)"
    }
}
