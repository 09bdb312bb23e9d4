import Foundation

/// A moment, with the local time zone's offset from UTC at that moment, so that rules on
/// local time (`window`) are plain arithmetic.
package struct LocalInstant: Sendable, Equatable {
    /// The moment.
    package var date: Date
    /// Seconds east of UTC in effect at `date`.
    package var utcOffset: Int

    /// Creates an instant from a date and an offset.
    package init(date: Date, utcOffset: Int) {
        self.date = date
        self.utcOffset = utcOffset
    }

    /// Creates an instant from a date, with `timeZone`'s offset at that date.
    package init(date: Date, timeZone: TimeZone) {
        self.init(date: date, utcOffset: timeZone.secondsFromGMT(for: date))
    }

    /// Seconds since local midnight at `date`.
    package var secondOfDay: Int { Self.secondOfDay(of: date, utcOffset: utcOffset) }

    /// Seconds since local midnight at `date`, for a zone `utcOffset` seconds east of UTC.
    static func secondOfDay(of date: Date, utcOffset: Int) -> Int {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + utcOffset
        return (local % 86_400 + 86_400) % 86_400
    }
}

extension Date {
    /// This date moved by `duration`.
    package func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.seconds)
    }

    /// The time from `earlier` to this date, to the millisecond; clamped to what a
    /// `Duration` of milliseconds holds, so that no pair of dates can trap.
    package func duration(since earlier: Date) -> Duration {
        let milliseconds = (timeIntervalSince(earlier) * 1000).rounded()
        if milliseconds.isNaN { return .zero }
        if milliseconds >= Double(Int64.max) { return .milliseconds(Int64.max) }
        if milliseconds <= Double(Int64.min) { return .milliseconds(Int64.min) }
        return .milliseconds(Int64(milliseconds))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    package var seconds: Double {
        // `components` divides a 128-bit count: read it once.
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
