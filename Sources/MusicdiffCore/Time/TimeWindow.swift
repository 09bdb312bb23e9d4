/// A daily range of local time, such as `22:00-07:00`; a range whose end is before its
/// start crosses midnight. The start is inside the window, the end is not.
package struct TimeWindow: Sendable, Equatable, CustomStringConvertible {
    /// Start, in minutes after local midnight (0–1439).
    package var start: Int
    /// End, in minutes after local midnight (1–1440; 1440 is the next midnight).
    package var end: Int
}

extension TimeWindow {
    /// Parses `HH:MM-HH:MM`, or returns nil. `24:00` is allowed as an end only.
    package init?(_ text: String) {
        let parts = text.trimmingSpaces().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let start = Self.minutes(parts[0].trimmingSpaces()), start < 1440,
            let end = Self.minutes(parts[1].trimmingSpaces())
        else { return nil }
        self.init(start: start, end: end)
    }

    /// Whether a sync started `secondOfDay` seconds after local midnight is inside.
    package func contains(secondOfDay: Int) -> Bool {
        let (start, end) = (start * 60, end * 60)
        if start < end { return secondOfDay >= start && secondOfDay < end }
        return secondOfDay >= start || secondOfDay < end
    }

    /// Seconds from `secondOfDay` until this window next opens (0 when it opens right now).
    package func secondsUntilOpen(from secondOfDay: Int) -> Int {
        (start * 60 - secondOfDay + 86_400) % 86_400
    }

    /// The window as a policy writes it: `22:00-07:00`.
    package var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

    /// `HH:MM` for minutes after midnight.
    static func clock(_ minutes: Int) -> String {
        let (hours, minutes) = (minutes / 60, minutes % 60)
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]),
            minutes < 60, hours < 24 || (hours == 24 && minutes == 0)
        else { return nil }
        return hours * 60 + minutes
    }
}
